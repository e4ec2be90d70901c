@howto:successful-request
Feature: Make a successful request
  As a developer with a Dev Portal application
  I want to call the API through the data plane with my client ID and secret
  So that my requests are authorized as my application

  Background:
    Given the auth strategy from the setup, with its DCR provider
    And an API routed by the data plane is published to the Dev Portal with that auth strategy
    And I am signed in to the Dev Portal as a developer
    And I created an application with that auth strategy, registered to the API

  Scenario: A Basic header with base64 of client ID and secret is authorized
    When I call the registered route with a Basic header of base64 "client_id:client_secret"
    Then the upstream answers 200
    And the upstream sees the request as coming from my application

  Scenario: A request without credentials is refused
    When I call the registered route without credentials
    Then the data plane refuses the request with 401

  Scenario: A wrong client secret is refused
    When I call the registered route with my client ID and a wrong secret
    Then the data plane refuses the request with 401

  @doc-error
  Scenario: The how-to's unencoded "Basic CLIENT_ID:CLIENT_SECRET" header is refused
    When I call the registered route with my client ID and secret unencoded, as the how-to shows
    Then the data plane refuses the request with 401

  Scenario: An Okta access token is authorized as a bearer token
    When I get an access token from Okta with my client ID and secret
    And I call the registered route with that access token as a bearer token
    Then the upstream answers 200
    And the upstream sees the request as coming from my application
