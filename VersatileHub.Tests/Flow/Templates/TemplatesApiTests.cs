using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Flow.Actions;

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
}
