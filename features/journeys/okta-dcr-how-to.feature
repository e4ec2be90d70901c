@howto:all
Feature: The whole how-to, start to finish
  As a QA engineer
  I want the how-to's steps run in order against one setup
  So that I know the integration works end to end

  Scenario: From the issuer URL to an authorized request
    Given the issuer URL of the authorization server from the setup
    And a DCR provider of type "okta" with the issuer URL and the DCR token
    And the auth strategy from the setup with that DCR provider
    And an API routed by the data plane is published to the Dev Portal with that auth strategy
    And I am signed in to the Dev Portal as a developer
    When I create an application with that auth strategy, registered to the API
    And I call the registered route with a Basic header of base64 "client_id:client_secret"
    Then the upstream answers 200
    And Okta's applications include one whose ID is the application's client ID

  @smoke
  Scenario: The configured setup lets a new application make an authorized request
    Given the auth strategy from the setup, with its DCR provider
    And an API routed by the data plane is published to the Dev Portal with that auth strategy
    And I am signed in to the Dev Portal as a developer
    When I create an application with that auth strategy, registered to the API
    And I call the registered route with a Basic header of base64 "client_id:client_secret"
    Then the upstream answers 200
    And the upstream sees the request as coming from my application
