@howto:successful-request
Feature: Session cookies from the data plane
  With "session" among the auth strategy's auth methods, the data plane answers an authorized
  request with a session cookie, as Kong's openid-connect plugin does, and the cookie alone
  authorizes the application's later requests.

  As a developer whose browser calls the API
  I want the data plane's session cookie to stand for my application
  So that my requests after the first carry no credentials

  Background:
    Given the setup's auth strategy allows the "session" auth method
    And the auth strategy from the setup, with its DCR provider
    And an API routed by the data plane is published to the Dev Portal with that auth strategy
    And I am signed in to the Dev Portal as a developer
    And I created an application with that auth strategy, registered to the API

  Scenario: The session cookie alone is authorized as my application
    When I call the registered route with a Basic header of base64 "client_id:client_secret"
    Then the data plane sets the auth strategy's session cookie
    When I call the registered route with only that session cookie
    Then the upstream answers 200
    And the upstream sees the request as coming from my application

  Scenario: A strategy without the session auth method refuses the session cookie
    When I call the registered route with a Basic header of base64 "client_id:client_secret"
    Then the data plane sets the auth strategy's session cookie
    When the auth strategy no longer allows the "session" auth method
    And I call the registered route with only that session cookie
    Then the data plane refuses the request with 401
