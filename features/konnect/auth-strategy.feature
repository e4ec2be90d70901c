@howto:auth-strategy
Feature: Auth strategy
  As a Konnect admin
  I want an openid_connect auth strategy that uses the Okta DCR provider
  So that the Dev Portal's applications get Okta clients with the right scopes and claims

  Scenario: Create an openid_connect auth strategy that uses the DCR provider
    Given a DCR provider of type "okta" with the issuer URL and the DCR token
    When I create the auth strategy from the setup with that DCR provider
    Then the auth strategy is of type "openid_connect" and uses that DCR provider
    And the auth strategy's issuer URL is the DCR provider's
    And the auth strategy's scopes, credential claim and auth methods are those of the setup

  @doc-error
  Scenario: The how-to's strategy type "okta" is refused
    Given a DCR provider of type "okta" with the issuer URL and the DCR token
    When I create the auth strategy from the setup with strategy type "okta"
    Then Konnect refuses "strategy_type" and names the choices "key_auth, openid_connect"
