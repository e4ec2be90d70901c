@howto:create-application
Feature: Registrations a Konnect admin approves
  When neither the API's publication nor the portal approves registrations automatically, a
  new application's registration waits for an admin, and only an approved registration lets
  requests through the data plane.

  As a platform engineer who decides which applications may call the API
  I want the data plane to honour each registration's status
  So that no application calls the API before I approve it, or after I revoke or reject it

  Background:
    Given the Dev Portal does not approve applications automatically
    And the auth strategy from the setup, with its DCR provider
    And an API routed by the data plane is published to the Dev Portal with that auth strategy, approving registrations by hand
    And I am signed in to the Dev Portal as a developer
    And I created an application with that auth strategy, awaiting approval for the API

  Scenario: A pending registration is refused until an admin approves it
    Then my registration to the API is "pending"
    When I call the registered route with a Basic header of base64 "client_id:client_secret"
    Then the data plane refuses the request with 403
    When a Konnect admin sets my registration to "approved"
    And I call the registered route with a Basic header of base64 "client_id:client_secret"
    Then the upstream answers 200
    And the upstream sees the request as coming from my application

  Scenario Outline: A <status> registration is refused again
    When a Konnect admin sets my registration to "approved"
    And a Konnect admin sets my registration to "<status>"
    And I call the registered route with a Basic header of base64 "client_id:client_secret"
    Then the data plane refuses the request with 403
    And my registration to the API is "<status>"

    Examples:
      | status   |
      | revoked  |
      | rejected |
