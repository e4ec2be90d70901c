// oauth2-mock-server on 127.0.0.1, an RS256 key of 2048 bits; prints where it serves.
import { OAuth2Server } from "oauth2-mock-server";

const server = new OAuth2Server();
await server.issuer.keys.generate("RS256", { modulusLength: 2048 });
await server.start(0, "127.0.0.1");
const base = server.issuer.url;
console.log(
  JSON.stringify({
    peer: "oauth2-mock-server",
    token: `${base}/token`,
    jwks: `${base}/jwks`,
    discovery: `${base}/.well-known/openid-configuration`,
    registration: null,
    client_id: "bench-client",
    client_secret: "bench-secret",
  }),
);
process.on("SIGTERM", async () => {
  await server.stop();
  process.exit(0);
});
