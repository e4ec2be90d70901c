@howto:add-scopes
Feature: Add scopes
  As a platform engineer connecting Okta to the Dev Portal
  I want the custom scopes the auth strategy requests on my authorization server
  So that applications can get tokens with client credentials

  @smoke
  Scenario: The authorization server defines every scope of the auth strategy
    When I list the scopes of the authorization server
    Then every scope of the auth strategy is defined on the authorization server
    And none of the auth strategy's scopes requires user consent

  @doc-error
  Scenario: Okta refuses the openid scope with client credentials
    Given a client registered in Okta with the DCR token
    When the client requests an access token with the scope "openid"
    Then Okta refuses the token request with "invalid_scope": "Cannot request 'openid' scopes using client credentials."
