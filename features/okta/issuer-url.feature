@howto:issuer-url
Feature: Issuer URL
  As a platform engineer connecting Okta to the Dev Portal
  I want the issuer URL of my authorization server
  So that Konnect and the data plane trust the tokens it signs

  @smoke
  Scenario: The authorization server names its issuer URL in its discovery document
    Given the issuer URL of the authorization server from the setup
    When I read the authorization server's discovery document
    Then the discovery document names the same issuer URL
    And the discovery document sends dynamic client registration to the Okta org

  Scenario: The authorization server publishes the keys that sign its tokens
    Given the issuer URL of the authorization server from the setup
    When I read the authorization server's discovery document
    Then its key set holds an "RS256" signing key
