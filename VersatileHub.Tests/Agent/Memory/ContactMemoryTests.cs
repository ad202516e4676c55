using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Memory;
using VersatileHub.Agent.Tools;
using VersatileHub.Tests.Agent.Knowledge;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Agent.Memory;

public sealed class ContactMemoryTests(KnowledgeWorld world) : IClassFixture<KnowledgeWorld>
{
    private ConversationScope ConversationWith(int contactId, int tenant = 0) => new(tenant == 0 ? world.TenantA : tenant, ConversationId: contactId * 10, contactId, HubCustomerId: null);

    [Fact]
    public async Task Remembering_a_fact_twice_keeps_it_once_whatever_its_case_accents_or_final_dot()
    {
        await using var scope = world.ScopeFor(world.TenantA);
        var memory = scope.ServiceProvider.GetRequiredService<ContactMemory>();

        var first = await memory.RememberAsync(ConversationWith(101), "Prefiere turnos a la mañana", default);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await memory.RememberAsync(ConversationWith(101), "  prefiere TURNOS a la manana. ", default);
        var other = await memory.RememberAsync(ConversationWith(101), "Es alérgica al látex", default);

        var facts = await (await world.Viewer.GetAsync("/api/agent/contacts/101/facts")).ReadAsync<ContactFactView[]>();

        Assert.Equal(RememberOutcome.Remembered, first);
        Assert.Equal(RememberOutcome.AlreadyKnown, again);
        Assert.Equal(RememberOutcome.Remembered, other);
        Assert.Equal(["Es alérgica al látex", "Prefiere turnos a la mañana"], facts.Select(f => f.Text));
        Assert.All(facts, f => Assert.Equal(1010, f.ConversationId));
    }

    [Fact]
    public async Task A_contact_keeps_only_its_newest_facts_and_an_overlong_or_blank_fact_is_not_kept()
    {
        await using var scope = world.ScopeFor(world.TenantA);
        var memory = new ContactMemory(scope.ServiceProvider.GetRequiredService<AgentDbContext>(),
            Options.Create(new ContactMemoryOptions { MaxFactsPerContact = 3 }), world.Clock);

        foreach (var fact in new[] { "Calza 38", "Vive en Rosario", "Tiene dos hijas", "Paga con transferencia" })
        {
            await memory.RememberAsync(ConversationWith(102), fact, default);
            world.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var tooLong = await memory.RememberAsync(ConversationWith(102), new string('a', ContactFact.MaxLength + 1), default);
        var blank = await memory.RememberAsync(ConversationWith(102), " \n ", default);

        Assert.Equal(RememberOutcome.TooLong, tooLong);
        Assert.Equal(RememberOutcome.Empty, blank);
        Assert.Equal(["Paga con transferencia", "Tiene dos hijas", "Vive en Rosario"], (await memory.RecallAsync(102, default)).Select(f => f.Text));
    }

    [Fact]
    public async Task Admins_forget_a_fact_viewers_cannot_and_another_tenant_neither_sees_nor_forgets_it()
    {
        await using (var scope = world.ScopeFor(world.TenantA))
        {
            await scope.ServiceProvider.GetRequiredService<ContactMemory>().RememberAsync(ConversationWith(103), "Trabaja de noche", default);
        }
        var fact = Assert.Single(await (await world.Admin.GetAsync("/api/agent/contacts/103/facts")).ReadAsync<ContactFactView[]>());

        var intruderSees = await (await world.Intruder.GetAsync("/api/agent/contacts/103/facts")).ReadAsync<ContactFactView[]>();
        var intruderForgets = await world.Intruder.DeleteAsync($"/api/agent/contacts/103/facts/{fact.Id}");
        var viewerForgets = await world.Viewer.DeleteAsync($"/api/agent/contacts/103/facts/{fact.Id}");
        var wrongContact = await world.Admin.DeleteAsync($"/api/agent/contacts/104/facts/{fact.Id}");
        var adminForgets = await world.Admin.DeleteAsync($"/api/agent/contacts/103/facts/{fact.Id}");

        Assert.Empty(intruderSees);
        Assert.Equal(HttpStatusCode.NotFound, intruderForgets.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerForgets.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongContact.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, adminForgets.StatusCode);
        Assert.Empty(await (await world.Admin.GetAsync("/api/agent/contacts/103/facts")).ReadAsync<ContactFactView[]>());
    }

    [Fact]
    public async Task The_remember_tool_keeps_the_fact_for_the_conversations_own_contact_once()
    {
        await using var scope = world.ScopeFor(world.TenantA);
        var kernel = Kernel.CreateBuilder().Build();
        kernel.Plugins.AddFromObject(ActivatorUtilities.CreateInstance<MemoryPlugin>(scope.ServiceProvider, ConversationWith(105)), MemoryPlugin.PluginName);

        var first = (await kernel.InvokeAsync(MemoryPlugin.PluginName, "remember", new() { ["fact"] = "Le dicen Lucho" })).GetValue<string>();
        var second = (await kernel.InvokeAsync(MemoryPlugin.PluginName, "remember", new() { ["fact"] = "le dicen lucho." })).GetValue<string>();
        var tooLong = (await kernel.InvokeAsync(MemoryPlugin.PluginName, "remember", new() { ["fact"] = new string('b', 400) })).GetValue<string>();

        Assert.Equal("Remembered: Le dicen Lucho", first);
        Assert.Equal("Already known: le dicen lucho.", second);
        Assert.Equal($"Not remembered: a fact may be up to {ContactFact.MaxLength} characters; say it shorter.", tooLong);
        var fact = Assert.Single(await (await world.Viewer.GetAsync("/api/agent/contacts/105/facts")).ReadAsync<ContactFactView[]>());
        Assert.Equal("Le dicen Lucho", fact.Text);
        Assert.Equal(world.Clock.GetUtcNow(), fact.RememberedAt);
        Assert.Empty(await (await world.Intruder.GetAsync("/api/agent/contacts/105/facts")).ReadAsync<ContactFactView[]>());
    }
}
