using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;
using static VersatileHub.Tests.Flow.Workflows.WorkflowsWorld;

namespace VersatileHub.Tests.Flow.Workflows;

public sealed class WorkflowsApiTests(WorkflowsWorld world) : IClassFixture<WorkflowsWorld>
{
    private static object[] Hook(string path, string method = "POST") =>
        [Node("Pedido", "webhook", new { httpMethod = method, path }), Node("Marcar", "set", new { values = new { text = "{{ $json.body.id }}" } })];

    [Fact]
    public async Task Every_save_keeps_a_version_and_each_version_can_be_read_back()
    {
        var created = await CreateAsync(world.A, "Versionado", Hook("versionado"), Chain(("Pedido", "Marcar")));
        var id = IdOf(created);
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.False(created.GetProperty("active").GetBoolean());

        var second = await (await world.A.PutAsJsonAsync($"/api/flow/workflows/{id}", new
        {
            name = "Versionado", version = 1, nodes = Hook("versionado-2"), connections = Chain(("Pedido", "Marcar")),
        })).ReadAsync<JsonElement>();
        var third = await (await world.A.PutAsJsonAsync($"/api/flow/workflows/{id}", new
        {
            name = "Versionado (renombrado)", version = 2, nodes = Hook("versionado-3"),
        })).ReadAsync<JsonElement>();

        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal(3, third.GetProperty("version").GetInt32());
        Assert.Equal("Versionado (renombrado)", third.GetProperty("name").GetString());
        var versions = await world.A.GetFromJsonAsync<JsonElement>($"/api/flow/workflows/{id}/versions");
        Assert.Equal([3, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var first = await world.A.GetFromJsonAsync<JsonElement>($"/api/flow/workflows/{id}/versions/1");
        Assert.Equal("versionado", first.GetProperty("nodes")[0].GetProperty("parameters").GetProperty("path").GetString());
        Assert.Equal("Marcar", first.GetProperty("connections").GetProperty("Pedido").GetProperty("main")[0][0].GetProperty("node").GetString());
        Assert.Equal("versionado-3", (await world.A.GetFromJsonAsync<JsonElement>($"/api/flow/workflows/{id}")).GetProperty("nodes")[0].GetProperty("parameters").GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.GetAsync($"/api/flow/workflows/{id}/versions/9")).StatusCode);
    }

    [Fact]
    public async Task A_save_based_on_an_older_version_is_a_conflict_and_changes_nothing()
    {
        var id = IdOf(await CreateAsync(world.A, "Dos editores", Hook("editores")));
        var ana = await world.A.PutAsJsonAsync($"/api/flow/workflows/{id}", new { name = "Dos editores", version = 1, nodes = Hook("de-ana") });
        var bruno = await world.A.PutAsJsonAsync($"/api/flow/workflows/{id}", new { name = "Dos editores", version = 1, nodes = Hook("de-bruno") });
        var withoutVersion = await world.A.PutAsJsonAsync($"/api/flow/workflows/{id}", new { name = "Dos editores", nodes = Hook("sin-version") });

        Assert.Equal(HttpStatusCode.OK, ana.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, bruno.StatusCode);
        var problem = await bruno.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("version", problem.GetProperty("field").GetString());
        Assert.Contains("version 2", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, withoutVersion.StatusCode);
        var current = await world.A.GetFromJsonAsync<JsonElement>($"/api/flow/workflows/{id}");
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal("de-ana", current.GetProperty("nodes")[0].GetProperty("parameters").GetProperty("path").GetString());
    }

    [Fact]
    public async Task Two_active_workflows_of_a_tenant_cannot_answer_the_same_webhook_route()
    {
        var first = IdOf(await CreateAsync(world.A, "Altas", Hook("clientes/alta")));
        var second = IdOf(await CreateAsync(world.A, "Altas bis", Hook("/clientes/alta/")));
        var otherMethod = IdOf(await CreateAsync(world.A, "Altas por GET", Hook("clientes/alta", "GET")));
        var otherTenant = IdOf(await CreateAsync(world.B, "Altas de B", Hook("clientes/alta")));

        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{first}/activate", null)).StatusCode);
        var clash = await world.A.PostAsync($"/api/flow/workflows/{second}/activate", null);
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var problem = await clash.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Pedido", problem.GetProperty("node").GetString());
        Assert.Equal("parameters.path", problem.GetProperty("field").GetString());
        Assert.Contains("Altas", problem.GetProperty("detail").GetString());
        Assert.False((await world.A.GetFromJsonAsync<JsonElement>($"/api/flow/workflows/{second}")).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{otherMethod}/activate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.B.PostAsync($"/api/flow/workflows/{otherTenant}/activate", null)).StatusCode);

        // Renaming the node that holds a route keeps the route.
        var renamed = await world.A.PutAsJsonAsync($"/api/flow/workflows/{first}", new
        {
            name = "Altas", version = 1,
            nodes = new object[] { Node("Alta de cliente", "webhook", new { httpMethod = "POST", path = "clientes/alta" }) },
        });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await world.A.PostAsync($"/api/flow/workflows/{second}/activate", null)).StatusCode);

        // Saving an active workflow onto a taken route is refused too; once the first is off, the route is free.
        var saved = await world.A.PutAsJsonAsync($"/api/flow/workflows/{otherMethod}", new { name = "Altas por GET", version = 1, nodes = Hook("clientes/alta", "POST") });
        Assert.Equal(HttpStatusCode.Conflict, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{first}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{second}/activate", null)).StatusCode);
    }

    [Fact]
    public async Task Paths_that_match_the_same_requests_clash_whatever_their_parameters_are_called()
    {
        var byId = IdOf(await CreateAsync(world.A, "Pedido por id", Hook("pedidos/:id")));
        var byNumber = IdOf(await CreateAsync(world.A, "Pedido por número", Hook("pedidos/:numero")));
        var exact = IdOf(await CreateAsync(world.A, "Pedido nuevo", Hook("pedidos/nuevo")));

        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{byId}/activate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await world.A.PostAsync($"/api/flow/workflows/{byNumber}/activate", null)).StatusCode);
        // An exact path is answered before a path with parameters, so both may be live.
        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{exact}/activate", null)).StatusCode);
    }

    [Fact]
    public async Task Only_a_workflow_with_a_live_trigger_can_be_activated()
    {
        var manual = IdOf(await CreateAsync(world.A, "Solo manual", [Node("Probar", "manualTrigger")]));
        var disabled = IdOf(await CreateAsync(world.A, "Webhook apagado",
            [Node("Probar", "manualTrigger"), new JsonObject { ["name"] = "Pedido", ["type"] = "webhook", ["disabled"] = true, ["parameters"] = new JsonObject { ["path"] = "apagado" } }]));

        foreach (var id in new[] { manual, disabled })
        {
            var response = await world.A.PostAsync($"/api/flow/workflows/{id}/activate", null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("nodes", out _));
        }
    }

    [Fact]
    public async Task Names_are_unique_per_tenant()
    {
        Assert.Equal(HttpStatusCode.Created, (await world.A.PostAsJsonAsync("/api/flow/workflows", new { name = "Único", nodes = Hook("unico-a") })).StatusCode);
        var again = await world.A.PostAsJsonAsync("/api/flow/workflows", new { name = "Único", nodes = Hook("unico-b") });
        var unnamed = await world.A.PostAsJsonAsync("/api/flow/workflows", new { name = " ", nodes = Hook("sin-nombre") });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("name", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.Created, (await world.B.PostAsJsonAsync("/api/flow/workflows", new { name = "Único", nodes = Hook("unico-a") })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.True((await unnamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Another_tenants_workflow_cannot_be_read_changed_activated_or_deleted()
    {
        var id = IdOf(await CreateAsync(world.A, "Privado de A", Hook("privado")));

        Assert.Equal(HttpStatusCode.NotFound, (await world.B.GetAsync($"/api/flow/workflows/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.GetAsync($"/api/flow/workflows/{id}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.GetAsync($"/api/flow/workflows/{id}/versions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.PutAsJsonAsync($"/api/flow/workflows/{id}", new { name = "Robado", version = 1, nodes = Hook("robado") })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.PostAsync($"/api/flow/workflows/{id}/activate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.PostAsync($"/api/flow/workflows/{id}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.DeleteAsync($"/api/flow/workflows/{id}")).StatusCode);
        Assert.DoesNotContain("Privado de A", await world.B.GetStringAsync("/api/flow/workflows"), StringComparison.Ordinal);
        var mine = await world.A.GetFromJsonAsync<JsonElement>($"/api/flow/workflows/{id}");
        Assert.Equal("Privado de A", mine.GetProperty("name").GetString());
        Assert.False(mine.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task The_apis_need_a_signed_in_member_and_only_owners_and_admins_write()
    {
        using var anonymous = world.Flow.CreateClient();
        using var agent = world.As(await HubApi.CreateTenantWithMemberAsync(world.Hub, "agent"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/flow/workflows")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/flow/workflows", new { name = "x", nodes = Hook("x") })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/flow/variables")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/flow/workflows")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/flow/workflows", new { name = "x", nodes = Hook("x") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/flow/variables")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_workflow_removes_it_with_its_versions()
    {
        var id = IdOf(await CreateAsync(world.A, "Borrable", Hook("borrable")));
        await world.A.PostAsync($"/api/flow/workflows/{id}/activate", null);

        Assert.Equal(HttpStatusCode.NoContent, (await world.A.DeleteAsync($"/api/flow/workflows/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.GetAsync($"/api/flow/workflows/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.GetAsync($"/api/flow/workflows/{id}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.DeleteAsync($"/api/flow/workflows/{id}")).StatusCode);
        // Its route is free again.
        var reuse = IdOf(await CreateAsync(world.A, "Reusa la ruta", Hook("borrable")));
        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{reuse}/activate", null)).StatusCode);
    }
}
