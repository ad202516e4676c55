using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Flow.Execution;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Fakes.ClientSystem;
using VersatileHub.Tests.Flow.Workflows;
using System.Net.Http.Json;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Flow.Import;

public sealed class N8nImportTests(WorkflowsWorld world) : IClassFixture<WorkflowsWorld>
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static JsonElement NodeNamed(JsonElement workflow, string name) =>
        workflow.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    [Fact]
    public async Task An_n8n_export_imports_as_an_inactive_workflow_with_its_nodes_parameters_and_connections()
    {
        var response = await world.A.PostAsync("/api/flow/workflows/import/n8n", Json(N8nExports.Orders));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var imported = await response.ReadAsync<JsonElement>();
        var workflow = imported.GetProperty("workflow");
        Assert.Equal("Pedidos grandes al ERP", workflow.GetProperty("name").GetString());
        Assert.False(workflow.GetProperty("active").GetBoolean());
        Assert.Equal(1, workflow.GetProperty("version").GetInt32());
        Assert.Equal(
            ["webhook", "scheduleTrigger", "if", "set", "switch", "code", "httpRequest", "wait"],
            workflow.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("type").GetString()));

        // Parameters are kept in n8n's shape, with n8n's "=" expression marker taken off.
        var condition = NodeNamed(workflow, "If").GetProperty("parameters").GetProperty("conditions").GetProperty("conditions")[0];
        Assert.Equal("{{ $json.body.total }}", condition.GetProperty("leftValue").GetString());
        Assert.Equal("gt", condition.GetProperty("operator").GetProperty("operation").GetString());
        Assert.Equal("{{ $json.body.id }}", NodeNamed(workflow, "Edit Fields").GetProperty("parameters").GetProperty("assignments").GetProperty("assignments")[1].GetProperty("value").GetString());
        Assert.Equal("alta", NodeNamed(workflow, "Edit Fields").GetProperty("parameters").GetProperty("assignments").GetProperty("assignments")[0].GetProperty("value").GetString());
        Assert.Equal("WhatsApp", NodeNamed(workflow, "Switch").GetProperty("parameters").GetProperty("rules").GetProperty("values")[0].GetProperty("outputKey").GetString());
        Assert.Contains("$input.all()", NodeNamed(workflow, "Code").GetProperty("parameters").GetProperty("jsCode").GetString());
        Assert.Equal(30, NodeNamed(workflow, "Wait").GetProperty("parameters").GetProperty("amount").GetInt32());
        Assert.Equal("pedidos/nuevo", NodeNamed(workflow, "Webhook").GetProperty("parameters").GetProperty("path").GetString());

        var http = NodeNamed(workflow, "HTTP Request");
        Assert.StartsWith("{\n  \"customer\": \"{{ $json.body.cliente }}\"", http.GetProperty("parameters").GetProperty("jsonBody").GetString());
        Assert.Equal(10000, http.GetProperty("parameters").GetProperty("options").GetProperty("timeout").GetInt32());
        Assert.True(http.GetProperty("retryOnFail").GetBoolean());
        Assert.Equal(4, http.GetProperty("maxTries").GetInt32());
        Assert.Equal(2000, http.GetProperty("waitBetweenTries").GetInt32());
        Assert.True(http.GetProperty("continueOnFail").GetBoolean());

        var connections = workflow.GetProperty("connections");
        Assert.Equal("Wait", connections.GetProperty("If").GetProperty("main")[1][0].GetProperty("node").GetString());
        Assert.Equal(2, connections.GetProperty("Switch").GetProperty("main").GetArrayLength());
        Assert.Equal("America/Argentina/Buenos_Aires", workflow.GetProperty("settings").GetProperty("timeZone").GetString());

        // What was left out is said: the credential, the sticky note, that it was active in n8n.
        var notes = imported.GetProperty("notes").EnumerateArray().Select(n => (Node: n.GetProperty("node").GetString(), Message: n.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(notes, n => n.Node == "HTTP Request" && n.Message.Contains("credentials", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Node == "Sticky Note");
        Assert.Contains(notes, n => n.Node is null && n.Message.Contains("inactive", StringComparison.Ordinal));

        // It activates like any workflow: its webhook and schedule become live.
        var id = workflow.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{id}/activate", null)).StatusCode);
    }

    [Fact]
    public async Task An_imported_n8n_workflow_runs_from_its_webhook_through_if_set_switch_code_and_http_request()
    {
        await using var erp = await FakeClientSystem.StartAsync();
        var export = N8nExports.Orders
            .Replace("https://erp.example.com/api/resource/Sales Order", erp.CallsUrl.ToString(), StringComparison.Ordinal)
            .Replace("\"Pedidos grandes al ERP\"", "\"Pedidos que corren\"", StringComparison.Ordinal)
            .Replace("pedidos/nuevo", "pedidos/corre", StringComparison.Ordinal);
        var workflow = (await (await world.A.PostAsync("/api/flow/workflows/import/n8n", Json(export))).ReadAsync<JsonElement>()).GetProperty("workflow");
        var id = workflow.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{id}/activate", null)).StatusCode);

        using var caller = world.Flow.CreateClient();
        var hook = await caller.PostAsync($"/hooks/{world.TenantA}/pedidos/corre",
            Json("""{ "id": 77, "total": 150000, "canal": "whatsapp", "cliente": "Lucía Fernández" }"""));

        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        var run = Assert.Single(await Eventually.ThatAsync(
            () => world.RunsAsync(world.TenantA, id),
            runs => runs.Count == 1 && runs[0].Status is RunStatus.Succeeded or RunStatus.Failed));
        Assert.True(run.Status == RunStatus.Succeeded, $"{run.FailedNode}: {run.Error}");
        var steps = await world.InFlowAsync(world.TenantA, db => db.Set<Step>().AsNoTracking().Where(s => s.RunId == run.Id).OrderBy(s => s.Sequence).ToListAsync());
        Assert.Equal(["Webhook", "If", "Edit Fields", "Switch", "Code", "HTTP Request"], steps.Select(s => s.NodeName));
        Assert.All(steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.Single(erp.Calls);
        var fields = steps.Single(s => s.NodeName == "Edit Fields").Output![0]![0]!;
        Assert.Equal("alta", fields["prioridad"]!.GetValue<string>());
        Assert.Equal(77, fields["pedido"]!.GetValue<int>());
        Assert.NotNull(steps.Single(s => s.NodeName == "Code").Output![0]![0]!["recibido"]);
    }

    [Fact]
    public async Task An_export_with_unsupported_nodes_is_refused_naming_each_and_nothing_is_created()
    {
        var response = await world.A.PostAsync("/api/flow/workflows/import/n8n?name=Avisos", Json(N8nExports.WithUnsupportedNodes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var unsupported = problem.GetProperty("unsupportedNodes").EnumerateArray()
            .Select(n => (n.GetProperty("name").GetString(), n.GetProperty("type").GetString())).ToList();
        Assert.Equal(
            [("Avisar en Slack", "n8n-nodes-base.slack"), ("AI Agent", "@n8n/n8n-nodes-langchain.agent"), ("Code in Python", "n8n-nodes-base.code")],
            unsupported);
        Assert.Contains("python", problem.GetProperty("errors").GetProperty("Code in Python.type")[0].GetString());
        Assert.DoesNotContain("Avisos", await world.A.GetStringAsync("/api/flow/workflows"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_whose_definition_is_invalid_names_the_node_and_field()
    {
        var export = JsonDocument.Parse(N8nExports.Orders).RootElement.GetRawText()
            .Replace("\"pedidos/nuevo\"", "\"pedidos/{{ $json.x }}\"", StringComparison.Ordinal)
            .Replace("\"Pedidos grandes al ERP\"", "\"Pedidos con ruta variable\"", StringComparison.Ordinal);

        var response = await world.A.PostAsync("/api/flow/workflows/import/n8n", Json(export));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Webhook.parameters.path", out _));
    }

    [Fact]
    public async Task Importing_needs_an_owner_or_admin()
    {
        using var viewer = world.As(await Infrastructure.HubApi.CreateTenantWithMemberAsync(world.Hub, "viewer"));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/flow/workflows/import/n8n", Json(N8nExports.Orders))).StatusCode);
    }
}
