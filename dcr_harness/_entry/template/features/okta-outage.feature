@howto:issuer-url
Feature: Our issuer URL copes with a brief Okta outage
  As the team that owns our Dev Portal's DCR configuration
  I want the harness to read Okta's key set even when Okta answers 503 once
  So that a blip at Okta does not fail the gate on our setup

  Scenario: Okta's key set is read although Okta answers 503 once
    Given the issuer URL of the authorization server from the setup
    And Okta's key set answers 503 once
    When I read the authorization server's discovery document
    Then its key set holds an "RS256" signing key
    And Okta answered 503 to the first request for its key set
