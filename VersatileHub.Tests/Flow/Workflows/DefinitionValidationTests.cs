using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static VersatileHub.Tests.Flow.Workflows.WorkflowsWorld;

namespace VersatileHub.Tests.Flow.Workflows;

public sealed class DefinitionValidationTests(WorkflowsWorld world) : IClassFixture<WorkflowsWorld>
{
    [Fact]
    public async Task A_definition_with_several_mistakes_is_refused_with_each_node_and_field_named()
    {
        var response = await world.A.PostAsJsonAsync("/api/flow/workflows", new
        {
            name = "Con errores",
            nodes = new[]
            {
                Node("Inicio", "webhook", new { httpMethod = "POST", path = "pedidos" }),
                Node("Avisar", SpecOnlyNodes.CheckedAction.Name, new { url = "not a url" }),
                Node("Avisar", "noOp"),
                Node("Enviar fax", "sendFax"),
                Node("Horario", "scheduleTrigger", new { cron = "every morning", timezone = "Mars/Olympus" }),
                Node("Evento", "eventTrigger", new { @event = "Appointment Created!" }),
                new JsonObject { ["name"] = "Reintentos", ["type"] = "noOp", ["retryOnFail"] = true, ["maxTries"] = 50 },
            },
            connections = Chain(("Inicio", "Avisar"), ("Avisar", "Fantasma"), ("Reintentos", "Horario")),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("definitionErrors").EnumerateArray()
            .Select(e => (Node: e.GetProperty("node").GetString(), Field: e.GetProperty("field").GetString()))
            .ToList();
        Assert.Contains(("Avisar", "parameters.url"), errors);
        Assert.Contains(("Avisar", "name"), errors);
        Assert.Contains(("Enviar fax", "type"), errors);
        Assert.Contains(("Horario", "parameters.cron"), errors);
        Assert.Contains(("Horario", "parameters.timezone"), errors);
        Assert.Contains(("Evento", "parameters.event"), errors);
        Assert.Contains(("Reintentos", "maxTries"), errors);
        Assert.Contains(("Avisar", "connections.main[0][0].node"), errors);
        Assert.Contains(("Reintentos", "connections.main[0][0].node"), errors);
        var byKey = problem.GetProperty("errors");
        Assert.Contains("sendFax", byKey.GetProperty("Enviar fax.type")[0].GetString());
        Assert.Contains("Fantasma", byKey.GetProperty("Avisar.connections.main[0][0].node")[0].GetString());
        Assert.Empty(await world.InFlowAsync(world.TenantA, db => Task.FromResult(db.Set<VersatileHub.Flow.Workflows.Workflow>().Where(w => w.Name == "Con errores").ToList())));
    }

    [Fact]
    public async Task A_malformed_definition_names_the_node_and_field_instead_of_failing()
    {
        var response = await world.A.PostAsJsonAsync("/api/flow/workflows", new JsonObject
        {
            ["name"] = "Mal formado",
            ["nodes"] = new JsonArray(
                new JsonObject { ["name"] = "Inicio", ["type"] = "manualTrigger", ["maxTries"] = "muchos" },
                new JsonObject { ["type"] = "noOp" },
                new JsonObject { ["name"] = "Sin tipo" },
                new JsonObject { ["name"] = "Parámetros", ["type"] = "noOp", ["parameters"] = new JsonArray() }),
            ["connections"] = new JsonArray(),
        });
        var nullParts = await world.A.PostAsJsonAsync("/api/flow/workflows", new JsonObject
        {
            ["nodes"] = new JsonArray(new JsonObject { ["name"] = "Inicio", ["type"] = "manualTrigger", ["parameters"] = null }),
            ["connections"] = new JsonObject { ["Inicio"] = new JsonObject { ["main"] = null } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("Inicio.maxTries", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("nodes[1].name", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("Sin tipo.type", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("Parámetros.parameters", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("connections", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, nullParts.StatusCode);
        var nullErrors = (await nullParts.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(nullErrors.TryGetProperty("Inicio.connections.main", out _), nullErrors.ToString());
        Assert.True(nullErrors.TryGetProperty("name", out _), nullErrors.ToString());
    }

    [Fact]
    public async Task A_workflow_needs_a_trigger_and_a_trigger_takes_no_input()
    {
        var noTrigger = await world.A.PostAsJsonAsync("/api/flow/workflows", new { name = "Sin disparador", nodes = new[] { Node("Nada", "noOp") } });
        var intoTrigger = await world.A.PostAsJsonAsync("/api/flow/workflows", new
        {
            name = "Hacia un disparador",
            nodes = new[] { Node("Inicio", "manualTrigger"), Node("Otro inicio", "webhook", new { path = "x" }) },
            connections = Chain(("Inicio", "Otro inicio")),
        });
        var twoRoutes = await world.A.PostAsJsonAsync("/api/flow/workflows", new
        {
            name = "Dos rutas iguales",
            nodes = new[] { Node("Uno", "webhook", new { httpMethod = "POST", path = "/alta/" }), Node("Dos", "webhook", new { httpMethod = "post", path = "alta" }) },
        });

        Assert.Equal(HttpStatusCode.BadRequest, noTrigger.StatusCode);
        Assert.Contains("trigger", (await noTrigger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("nodes")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, intoTrigger.StatusCode);
        Assert.True((await intoTrigger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Inicio.connections.main[0][0].node", out _));
        Assert.Equal(HttpStatusCode.BadRequest, twoRoutes.StatusCode);
        Assert.Contains("POST /alta", (await twoRoutes.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("Dos.parameters.path")[0].GetString());
    }

    [Fact]
    public async Task The_editor_can_check_a_definition_without_saving_it()
    {
        var valid = await world.A.PostAsJsonAsync("/api/flow/workflows/validate", new
        {
            nodes = new[] { Node("Inicio", "manualTrigger"), Fields("Fijar") },
            connections = Chain(("Inicio", "Fijar")),
        });
        var invalid = await world.A.PostAsJsonAsync("/api/flow/workflows/validate", new { nodes = new[] { Node("Inicio", "manualTrigger"), Fields("Inicio") } });

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Inicio.name", out _));
        Assert.Empty(await world.InFlowAsync(world.TenantA, db => Task.FromResult(db.Set<VersatileHub.Flow.Workflows.Workflow>().ToList())));
    }
}
