@howto:create-application
Feature: Create an application with DCR
  As a developer on the Dev Portal
  I want to create an application with the Okta auth strategy
  So that I get a client ID and secret to call the API

  Background:
    Given the auth strategy from the setup, with its DCR provider
    And an API routed by the data plane is published to the Dev Portal with that auth strategy
    And I am signed in to the Dev Portal as a developer

  Scenario: The developer gets a client ID and secret, shown once
    When I create an application with that auth strategy
    Then I see the application's client ID and client secret
    And the client secret is not shown again when I read the application

  Scenario: The application's client appears in Okta's applications
    When I create an application with that auth strategy
    Then Okta's applications include one whose ID is the application's client ID

  Scenario: Deleting the application removes its client from Okta
    Given I created an application with that auth strategy
    When I delete the application
    Then Okta's applications no longer include its client ID

  Scenario: Regenerating the client secret rotates it in Okta
    Given I created an application with that auth strategy, registered to the API
    When I regenerate the application's client secret in the Dev Portal
    Then Okta grants an access token for the new secret
    And Okta refuses the old secret at its token endpoint
    When I call the registered route with the new secret
    Then the upstream answers 200 to the new secret

  Scenario: A second credential works beside the first until the first is removed
    Given I created an application with that auth strategy, registered to the API
    When I add a second credential to the application in the Dev Portal
    Then Okta grants an access token for the new secret
    And Okta still grants an access token for the old secret
    When I remove the application's first credential in the Dev Portal
    Then Okta refuses the old secret at its token endpoint
    When I call the registered route with the new secret
    Then the upstream answers 200 to the new secret
