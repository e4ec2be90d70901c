@howto:access-policy
Feature: Access policy for client credentials
  The how-to never mentions it, but a fresh Okta org refuses client credentials
  until an access policy rule of the authorization server allows them.

  As a platform engineer connecting Okta to the Dev Portal
  I want an access policy rule that allows the client credentials grant
  So that Dev Portal applications can get access tokens

  @smoke
  Scenario: An access policy rule allows client credentials for the auth strategy's scopes
    When I list the access policies of the authorization server
    Then an active rule allows the "client_credentials" grant for the auth strategy's scopes

  Scenario: A registered client is granted an access token with the auth strategy's scopes
    Given a client registered in Okta with the DCR token
    When the client requests an access token with the auth strategy's scopes
    Then Okta grants an access token with the auth strategy's scopes
