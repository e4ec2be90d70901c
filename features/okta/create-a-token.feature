@howto:create-a-token
Feature: Create a token
  As a platform engineer connecting Okta to the Dev Portal
  I want an Okta API token
  So that Konnect can register the Dev Portal's applications in Okta

  @smoke
  Scenario: The API token authenticates to the Okta Management API
    When I read the authorization server with the API token
    Then Okta accepts the API token

  Scenario: A wrong API token is refused
    When I read the authorization server with a wrong API token
    Then Okta refuses the request with 401 and error code "E0000011"

  Scenario: The DCR token registers a client in Okta
    When I register a client in Okta with the DCR token
    Then Okta returns the client's ID and secret
