@howto:add-claim
Feature: Add claim
  As a platform engineer connecting Okta to the Dev Portal
  I want a claim whose value is app.clientId on my authorization server
  So that the data plane can map a token to its Dev Portal application

  @smoke
  Scenario: A claim named as the credential claim has the value app.clientId
    When I list the claims of the authorization server
    Then the claim named as the auth strategy's credential claim has the value "app.clientId"
    And that claim is included in access tokens with the auth strategy's scopes

  Scenario: An access token carries the client ID in the credential claim
    Given a client registered in Okta with the DCR token
    When the client requests an access token with the auth strategy's scopes
    Then the access token is signed by a key of the authorization server
    And the access token's credential claim holds the client ID
