using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Flow.Actions;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Flow.Templates;

/// <summary>The three templates the issue asks for, served by <c>/api/flow/templates</c>.</summary>
public sealed class TemplatesApiTests(ActionWorld world) : IClassFixture<ActionWorld>
{
    private static readonly string[] Ids = ["appointment-reminder-whatsapp", "handoff-ticket", "failed-delivery-alert"];

    [Fact]
    public async Task A_member_lists_the_three_templates_named_and_described_in_spanish_and_english()
    {
        using var flow = AgentWorld.With(world.Flow.CreateClient(), world.Admin);

        var templates = await flow.GetFromJsonAsync<JsonElement>("/api/flow/templates");

        Assert.Equal(Ids, templates.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var reminder = templates[0];
        Assert.Equal("Recordatorio de turno 24 h antes por WhatsApp", reminder.GetProperty("name").GetProperty("es").GetString());
        Assert.Equal("Appointment reminder 24 h before by WhatsApp", reminder.GetProperty("name").GetProperty("en").GetString());
        Assert.Equal("whatsappInboxId", Assert.Single(reminder.GetProperty("variables").EnumerateArray()).GetProperty("name").GetString());
        Assert.All(templates.EnumerateArray(), t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetProperty("en").GetString())));
    }

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public async Task Every_template_is_a_workflow_of_known_nodes_whose_actions_pass_their_own_checks(string language)
    {
        using var flow = AgentWorld.With(world.Flow.CreateClient(), world.Admin);
        var known = typeof(NodeTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();
        var registry = world.Flow.Services.GetRequiredService<NodeRegistry>();

        foreach (var id in Ids)
        {
            var template = await flow.GetFromJsonAsync<JsonElement>($"/api/flow/templates/{id}?lang={language}");
            var definition = template.GetProperty("definition").Deserialize<WorkflowDefinition>(WorkflowDefinition.Json)!;

            Assert.Equal(language, template.GetProperty("language").GetString());
            Assert.Equal(NodeTypes.Event, definition.Nodes[0].Type);
            Assert.All(definition.Nodes, node => Assert.Contains(node.Type, known));
            Assert.All(definition.Nodes.Where(n => registry.Find(n.Type) is { Kind: NodeKind.Action }), node => Assert.Empty(registry.Find(node.Type)!.Validate(node)));
            Assert.All(definition.Connections, edge =>
            {
                Assert.NotNull(definition.Node(edge.Key));
                Assert.All(edge.Value.Main.SelectMany(o => o), target => Assert.NotNull(definition.Node(target.Node)));
            });
            // Every node but the trigger is fed by another: nothing is left unconnected.
            Assert.Equal(definition.Nodes.Skip(1).Select(n => n.Name).Order(), definition.Connections.Values.SelectMany(c => c.Main.SelectMany(o => o)).Select(t => t.Node).Distinct().Order());
        }
    }

    [Fact]
    public async Task The_reminder_speaks_the_language_asked_for()
    {
        using var flow = AgentWorld.With(world.Flow.CreateClient(), world.Admin);

        var es = await flow.GetStringAsync("/api/flow/templates/appointment-reminder-whatsapp");
        var en = await flow.GetStringAsync("/api/flow/templates/appointment-reminder-whatsapp?lang=en");

        Assert.Contains("te recordamos tu turno", es, StringComparison.Ordinal);
        Assert.Contains("this is a reminder of your", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_template_is_404_an_unknown_language_400_and_a_caller_without_credentials_401()
    {
        using var flow = AgentWorld.With(world.Flow.CreateClient(), world.Admin);
        using var anonymous = world.Flow.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await flow.GetAsync("/api/flow/templates/no-such-template")).StatusCode);
        var wrongLanguage = await flow.GetAsync("/api/flow/templates/handoff-ticket?lang=fr");
        Assert.Equal(HttpStatusCode.BadRequest, wrongLanguage.StatusCode);
        Assert.Contains("lang", await wrongLanguage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/flow/templates")).StatusCode);
    }

    [Fact]
    public async Task An_admin_makes_an_inactive_workflow_from_a_template_in_the_language_asked_for_and_hears_which_variables_to_set()
    {
        using var flow = AgentWorld.With(world.Flow.CreateClient(), world.Admin);

        var created = await flow.PostAsJsonAsync("/api/flow/templates/appointment-reminder-whatsapp/workflows?lang=en", new { });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var workflow = body.GetProperty("workflow");
        Assert.Equal($"/api/flow/workflows/{workflow.GetProperty("id").GetGuid()}", created.Headers.Location?.ToString());
        Assert.Equal("Appointment reminder 24 h before by WhatsApp", workflow.GetProperty("name").GetString());
        Assert.False(workflow.GetProperty("active").GetBoolean());
        Assert.Equal(1, workflow.GetProperty("version").GetInt32());
        Assert.Contains("this is a reminder of your", workflow.GetProperty("nodes").GetRawText(), StringComparison.Ordinal);
        Assert.Equal("appointment-reminder-whatsapp", body.GetProperty("template").GetString());
        Assert.Equal("whatsappInboxId", Assert.Single(body.GetProperty("missingVariables").EnumerateArray()).GetProperty("name").GetString());
        var saved = await flow.GetFromJsonAsync<JsonElement>($"/api/flow/workflows/{workflow.GetProperty("id").GetGuid()}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(workflow.GetProperty("nodes").GetRawText()), JsonNode.Parse(saved.GetProperty("nodes").GetRawText())));
    }

    [Fact]
    public async Task A_workflow_from_a_template_takes_the_name_given_and_a_taken_name_is_409_naming_it()
    {
        using var flow = AgentWorld.With(world.Flow.CreateClient(), world.Admin);
        var name = $"Tickets de derivación {Guid.NewGuid():N}";

        var first = await flow.PostAsJsonAsync("/api/flow/templates/handoff-ticket/workflows", new { name });
        var again = await flow.PostAsJsonAsync("/api/flow/templates/handoff-ticket/workflows", new { name });
        var notText = await flow.PostAsJsonAsync("/api/flow/templates/handoff-ticket/workflows", new { name = 7 });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(name, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflow").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("name", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notText.StatusCode);
        Assert.True((await notText.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Only_owners_and_admins_make_workflows_from_templates_and_an_unknown_template_is_404()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(world.Hub, "agent");
        using var asAgent = AgentWorld.With(world.Flow.CreateClient(), agent);
        using var flow = AgentWorld.With(world.Flow.CreateClient(), world.Admin);

        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PostAsJsonAsync("/api/flow/templates/handoff-ticket/workflows", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await flow.PostAsJsonAsync("/api/flow/templates/no-such-template/workflows", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.PostAsJsonAsync("/api/flow/templates/handoff-ticket/workflows?lang=fr", new { })).StatusCode);
    }
}
