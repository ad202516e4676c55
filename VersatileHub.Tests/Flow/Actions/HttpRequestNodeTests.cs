using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Nodes;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Flow.Actions;

/// <summary>The HTTP request node against a client's own system on a real socket, and against the suite's services by name.</summary>
public sealed class HttpRequestNodeTests(ActionWorld world) : IClassFixture<ActionWorld>
{
    [Fact]
    public async Task An_outside_call_sends_the_method_query_headers_json_body_and_the_idempotency_key_and_never_the_service_token()
    {
        var items = await world.ExecuteAsync(NodeTypes.HttpRequest, new
        {
            method = "POST",
            url = world.ClientSystem.Url("/echo/leads"),
            sendQuery = true,
            queryParameters = new { parameters = new[] { new { name = "source", value = "flow" } } },
            sendHeaders = true,
            headerParameters = new { parameters = new[] { new { name = "X-Client", value = "danza" } } },
            sendBody = true,
            contentType = "json",
            specifyBody = "json",
            jsonBody = "{\"name\": \"Lucía\", \"age\": 31}",
        }, "run-1:Call CRM");

        var echo = Assert.Single(items);
        Assert.Equal("POST", echo["method"]!.GetValue<string>());
        Assert.Equal("/echo/leads", echo["path"]!.GetValue<string>());
        Assert.Equal("?source=flow", echo["query"]!.GetValue<string>());
        Assert.Equal("run-1:Call CRM", echo["idempotencyKey"]!.GetValue<string>());
        Assert.Equal(new JsonObject { ["name"] = "Lucía", ["age"] = 31 }.ToJsonString(), JsonNode.Parse(echo["body"]!.GetValue<string>())!.ToJsonString());
        var received = world.ClientSystem.Requests.Last(r => r.Path == "/echo/leads");
        Assert.Equal("danza", received.Headers["X-Client"]);
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        Assert.False(received.Headers.ContainsKey("Authorization"));
        Assert.False(received.Headers.ContainsKey(HubApi.TenantHeader));
    }

    [Fact]
    public async Task A_form_body_is_sent_url_encoded()
    {
        var items = await world.ExecuteAsync(NodeTypes.HttpRequest, new
        {
            method = "PUT",
            url = world.ClientSystem.Url("/echo/form"),
            sendBody = true,
            contentType = "form-urlencoded",
            bodyParameters = new { parameters = new[] { new { name = "nombre", value = "Lucía Pérez" }, new { name = "plan", value = "anual" } } },
        }, "run-form:Form");

        Assert.Equal("nombre=Luc%C3%ADa+P%C3%A9rez&plan=anual", Assert.Single(items)["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Executing_the_same_node_execution_twice_creates_one_order_at_a_receiver_that_honours_the_key()
    {
        var parameters = new { method = "POST", url = world.ClientSystem.Url("/orders"), sendBody = true, specifyBody = "json", jsonBody = "{}" };
        var before = world.ClientSystem.OrdersCreated;

        var first = await world.ExecuteAsync(NodeTypes.HttpRequest, parameters, "run-42:Place order");
        var again = await world.ExecuteAsync(NodeTypes.HttpRequest, parameters, "run-42:Place order");

        Assert.Equal(before + 1, world.ClientSystem.OrdersCreated);
        Assert.Equal(first.Single()["id"]!.GetValue<int>(), again.Single()["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Each_item_gets_its_own_idempotency_key()
    {
        var before = world.ClientSystem.OrdersCreated;

        var items = await world.ExecuteAsync(NodeTypes.HttpRequest, new { method = "POST", url = world.ClientSystem.Url("/orders") }, "run-7:Orders",
            new JsonObject { ["n"] = 1 }, new JsonObject { ["n"] = 2 });

        Assert.Equal(["run-7:Orders-0", "run-7:Orders-1"], items.Select(i => i["key"]!.GetValue<string>()));
        Assert.Equal(before + 2, world.ClientSystem.OrdersCreated);
    }

    [Fact]
    public async Task A_call_that_outlives_its_timeout_fails_the_node_naming_the_timeout()
    {
        var failure = await Assert.ThrowsAsync<NodeFailedException>(() => world.ExecuteAsync(NodeTypes.HttpRequest, new
        {
            url = world.ClientSystem.Url("/slow?ms=5000"),
            options = new { timeout = 200 },
        }, "run-slow:Slow"));

        Assert.Contains("timed out after 200 ms", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/slow", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_status_fails_the_node_with_the_answer_unless_never_error_asks_for_the_full_response()
    {
        var failure = await Assert.ThrowsAsync<NodeFailedException>(() => world.ExecuteAsync(NodeTypes.HttpRequest, new { url = world.ClientSystem.Url("/status/503") }, "run-503:Call"));
        Assert.Contains("answered 503", failure.Message, StringComparison.Ordinal);
        Assert.Contains("{\"error\":\"answered 503\"}", failure.Message, StringComparison.Ordinal);

        var items = await world.ExecuteAsync(NodeTypes.HttpRequest, new
        {
            url = world.ClientSystem.Url("/status/404"),
            options = new { response = new { response = new { neverError = true, fullResponse = true } } },
        }, "run-404:Call");

        var full = Assert.Single(items);
        Assert.Equal(404, full["statusCode"]!.GetValue<int>());
        Assert.Equal("answered 404", full["body"]!["error"]!.GetValue<string>());
        Assert.StartsWith("application/json", full["headers"]!["content-type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_array_answer_gives_one_item_per_element_and_text_gives_its_data()
    {
        var list = await world.ExecuteAsync(NodeTypes.HttpRequest, new { url = world.ClientSystem.Url("/list") }, "run-list:List");
        var text = await world.ExecuteAsync(NodeTypes.HttpRequest, new { url = world.ClientSystem.Url("/text") }, "run-text:Text");

        Assert.Equal([1, 2, 3], list.Select(i => i["n"]!.GetValue<int>()));
        Assert.Equal("plain words", Assert.Single(text)["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_suite_service_by_name_answers_for_the_runs_tenant_through_the_service_token()
    {
        using var opened = await world.Admin.Client.PostAsync("/api/tickets", JsonContent(new { subject = "Visible a Flow" }));
        opened.EnsureSuccessStatusCode();
        var other = await HubApi.CreateTenantWithMemberAsync(world.Hub, "admin");

        var mine = await world.ExecuteAsync(NodeTypes.HttpRequest, new { url = "http://hub/api/tickets" }, "run-hub:List tickets");
        var theirs = await world.ExecuteAsync(other.TenantId, NodeTypes.HttpRequest, new { url = "http://hub/api/tickets" }, "run-hub-b:List tickets");

        Assert.Contains(mine.Single()["items"]!.AsArray(), t => t!["subject"]!.GetValue<string>() == "Visible a Flow");
        Assert.Empty(theirs.Single()["items"]!.AsArray());
    }

    [Fact]
    public async Task The_author_cannot_choose_the_tenant_or_credentials_of_a_call_to_the_suite()
    {
        var failure = await Assert.ThrowsAsync<NodeFailedException>(() => world.ExecuteAsync(NodeTypes.HttpRequest, new
        {
            url = "http://hub/api/tickets",
            sendHeaders = true,
            headerParameters = new { parameters = new[] { new { name = "X-VH-Tenant", value = "1" } } },
        }, "run-spoof:Spoof"));

        Assert.Contains("X-VH-Tenant is set by Flow", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_definition_is_checked_for_the_url_method_and_timeout()
    {
        var errors = world.Validate(NodeTypes.HttpRequest, new { method = "FETCH", url = "ftp://files.example", options = new { timeout = 0 } }).ToList();

        Assert.Contains(errors, e => e.Field == "parameters.method");
        Assert.Contains(errors, e => e.Field == "parameters.url");
        Assert.Contains(errors, e => e.Field == "parameters.options.timeout");
        Assert.All(errors, e => Assert.Equal("Action", e.Node));
        Assert.Contains(world.Validate(NodeTypes.HttpRequest, new { }), e => e.Field == "parameters.url");
        Assert.Empty(world.Validate(NodeTypes.HttpRequest, new { url = "{{ $json.callback }}" }));
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
