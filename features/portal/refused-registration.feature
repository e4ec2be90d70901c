@howto:create-application
Feature: Application creation when Okta refuses the DCR token
  As a developer on the Dev Portal
  I want a clear error when Okta refuses to register my application
  So that I know the portal's setup is at fault, not my request

  Scenario: A DCR token Okta does not know stops the application from being created
    Given a DCR provider of type "okta" with the issuer URL and a DCR token Okta does not know
    And the auth strategy from the setup with that DCR provider
    And an API routed by the data plane is published to the Dev Portal with that auth strategy
    And I am signed in to the Dev Portal as a developer
    When I try to create an application with that auth strategy
    Then the Dev Portal refuses the application and names Okta's answer
    And I have no application and Okta has no new client
