@howto:dcr-provider
Feature: DCR provider
  As a Konnect admin
  I want an Okta DCR provider with the issuer URL and the DCR token
  So that the Dev Portal registers its applications in Okta

  Scenario: Create an Okta DCR provider with the issuer URL and the DCR token
    When I create a DCR provider of type "okta" with the issuer URL and the DCR token
    Then the DCR provider is listed with type "okta" and the issuer URL
    And the DCR provider's issuer URL is the issuer of an Okta authorization server

  Scenario: The DCR token is never readable back
    Given a DCR provider of type "okta" with the issuer URL and the DCR token
    When I read the DCR provider back, alone and in the list
    Then no answer contains the DCR token

  Scenario: One DCR provider serves two auth strategies
    Given a DCR provider of type "okta" with the issuer URL and the DCR token
    When I create the auth strategies "Okta client credentials" and "Okta bearer" with that DCR provider
    Then both auth strategies use that DCR provider

  Scenario: Konnect verifies that the DCR token can register clients in Okta
    Given a DCR provider of type "okta" with the issuer URL and the DCR token
    When I ask Konnect to verify the DCR provider
    Then Konnect reports that the DCR provider works
