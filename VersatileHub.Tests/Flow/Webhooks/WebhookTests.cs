using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Execution;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Infrastructure;
using static VersatileHub.Tests.Flow.Engine.FlowData;

namespace VersatileHub.Tests.Flow.Webhooks;

public sealed class WebhookTests(FlowFactory flow) : IClassFixture<FlowFactory>
{
    private const int Tenant = 31;

    private static string Hook(string path, string responseMode, string extra = "", string after = "") => """
        {"nodes":[
           {"name":"Hook","type":"webhook","parameters":{"path":"PATH","httpMethod":"POST","responseMode":"MODE"EXTRA}},
           {"name":"Shape","type":"set","parameters":{"assignments":{"assignments":[
             {"name":"order","value":"={{ $json.body.id }}","type":"number"},
             {"name":"source","value":"={{ $json.query.source }}","type":"string"}]}}}AFTER],
         "connections":{"Hook":{"main":[[{"node":"Shape"}]]}REPLY}}
        """.Replace("PATH", path).Replace("MODE", responseMode).Replace("EXTRA", extra).Replace("AFTER", after)
        .Replace("REPLY", after.Length > 0 ? ""","Shape":{"main":[[{"node":"Reply"}]]}""" : "");

    private static string Unique(string path) => $"{path}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_webhook_answers_with_the_workflows_last_node_output()
    {
        var path = Unique("orders/paid");
        await SaveAsync(flow, Tenant, Hook(path, "lastNode"), active: true);
        using var client = flow.CreateClient();

        var response = await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}?source=shop", new { id = 77 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson("""{"order":77,"source":"shop"}""", await response.Content.ReadFromJsonAsync<JsonNode>());
    }

    [Fact]
    public async Task A_webhook_answers_with_what_respond_to_webhook_says()
    {
        var path = Unique("bookings");
        await SaveAsync(flow, Tenant, Hook(path, "responseNode", after: """
            ,{"name":"Reply","type":"respondToWebhook","parameters":{"respondWith":"json",
               "responseBody":"={{ JSON.stringify({ accepted: $json.order }) }}",
               "options":{"responseCode":201,"responseHeaders":{"entries":[{"name":"X-Flow","value":"yes"}]}}}}
            """), active: true);
        using var client = flow.CreateClient();

        var response = await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 5 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("yes", response.Headers.GetValues("X-Flow").Single());
        AssertJson("""{"accepted":5}""", await response.Content.ReadFromJsonAsync<JsonNode>());
    }

    [Fact]
    public async Task A_webhook_that_answers_on_receipt_queues_the_run_and_the_run_completes()
    {
        var path = Unique("events");
        var workflow = await SaveAsync(flow, Tenant, Hook(path, "onReceived"), active: true);
        using var client = flow.CreateClient();

        var response = await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 9 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runId = Guid.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!);
        var run = await RunReachesAsync(flow, Tenant, runId, RunStatus.Succeeded, RunStatus.Failed);
        Assert.Equal((workflow.Id, RunStatus.Succeeded, "webhook"), (run.WorkflowId, run.Status, run.TriggeredBy));
        AssertJson("""[[{"order":9,"source":null}]]""", (await StepsAsync(flow, Tenant, runId))[1].Output);
    }

    [Fact]
    public async Task A_webhook_to_an_inactive_workflow_or_an_unknown_path_is_404()
    {
        var path = Unique("inactive");
        var workflow = await SaveAsync(flow, Tenant, Hook(path, "lastNode"), active: true);
        using var client = flow.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 1 })).StatusCode);

        await SetActiveAsync(flow, Tenant, workflow.Id, active: false);

        var inactive = await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 1 });
        Assert.Equal(HttpStatusCode.NotFound, inactive.StatusCode);
        Assert.Equal("application/problem+json", inactive.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/hooks/{Tenant}/nobody-listens-here", new { id = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/hooks/{Tenant + 1}/{path}", new { id = 1 })).StatusCode);
    }

    [Fact]
    public async Task A_webhook_with_a_secret_header_refuses_callers_without_it_and_keeps_it_out_of_the_history()
    {
        var path = Unique("secured");
        await SaveAsync(flow, Tenant, Hook(path, "lastNode", extra: ""","authentication":"headerAuth","headerName":"X-Shop-Secret","secret":"s3cret-value" """), active: true);
        using var client = flow.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 1 })).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{Tenant}/{path}") { Content = JsonContent.Create(new { id = 1 }) };
        wrong.Headers.Add("X-Shop-Secret", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{Tenant}/{path}") { Content = JsonContent.Create(new { id = 2 }) };
        right.Headers.Add("X-Shop-Secret", "s3cret-value");
        var accepted = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var runs = await InFlowAsync(flow, Tenant, db => Task.FromResult(db.Set<Run>().Where(r => r.TriggeredBy == "webhook").ToList()));
        Assert.DoesNotContain(runs, r => r.TriggerItems.ToJsonString().Contains("s3cret-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_with_an_hmac_secret_accepts_only_a_body_signed_with_it()
    {
        var path = Unique("signed");
        await SaveAsync(flow, Tenant, Hook(path, "lastNode", extra: ""","authentication":"hmac","secret":"hmac-key-1" """), active: true);
        using var client = flow.CreateClient();
        var body = """{"id":3}""";

        async Task<HttpStatusCode> SendAsync(string signature)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{Tenant}/{path}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Signature-256", signature);
            return (await client.SendAsync(request)).StatusCode;
        }

        var good = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("hmac-key-1"), Encoding.UTF8.GetBytes(body)));
        var bad = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("other-key"), Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(good));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(bad));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("not-hex"));
    }

    [Fact]
    public async Task A_webhook_whose_workflow_fails_answers_502_naming_the_run_and_node()
    {
        var path = Unique("failing");
        await SaveAsync(flow, Tenant, """
            {"nodes":[{"name":"Hook","type":"webhook","parameters":{"path":"PATH","httpMethod":"POST","responseMode":"lastNode"}},
                      {"name":"Refuse","type":"stopAndError","parameters":{"errorMessage":"refused"}}],
             "connections":{"Hook":{"main":[[{"node":"Refuse"}]]}}}
            """.Replace("PATH", path), active: true);
        using var client = flow.CreateClient();

        var response = await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 1 });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Refuse", (string)problem!["node"]!);
        var run = await RunAsync(flow, Tenant, Guid.Parse((string)problem["runId"]!));
        Assert.Equal(RunStatus.Failed, run.Status);
    }
}
