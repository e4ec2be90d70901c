// oidc-provider on 127.0.0.1: client_credentials with RS256 JWT access tokens (2048-bit key)
// and dynamic client registration behind an initial access token; prints where it serves.
import { createServer } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
const jwk = { ...(await exportJWK(privateKey)), alg: "RS256", use: "sig", kid: "bench" };
const resource = "https://api.example.com";
const registrationToken = "bench-registration-token";
const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(base, {
  jwks: { keys: [jwk] },
  clients: [
    {
      client_id: "bench-client",
      client_secret: "bench-secret",
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  scopes: ["orders:read"],
  ttl: { ClientCredentials: 3600 },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    registration: { enabled: true, initialAccessToken: registrationToken },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: "orders:read",
        accessTokenFormat: "jwt",
        jwt: { sign: { alg: "RS256" } },
      }),
    },
  },
});
server.on("request", provider.callback());
console.log(
  JSON.stringify({
    peer: "oidc-provider",
    token: `${base}/token`,
    jwks: `${base}/jwks`,
    discovery: `${base}/.well-known/openid-configuration`,
    registration: `${base}/reg`,
    registration_authorization: `Bearer ${registrationToken}`,
    client_id: "bench-client",
    client_secret: "bench-secret",
  }),
);
process.on("SIGTERM", () => process.exit(0));
