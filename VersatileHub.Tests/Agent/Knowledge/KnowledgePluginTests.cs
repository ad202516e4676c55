using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using VersatileHub.Agent.Knowledge;
using VersatileHub.Agent.Tools;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Agent.Knowledge;

public sealed class KnowledgePluginTests(KnowledgeWorld world) : IClassFixture<KnowledgeWorld>
{
    [Fact]
    public async Task Knowledge_search_returns_the_passages_naming_their_document()
    {
        var uploaded = await (await KnowledgeWorld.UploadAsync(world.Admin, "clases.md", """
            # Reglamento del estudio

            ## Recuperación de clases

            Las clases perdidas se recuperan dentro del mismo mes, avisando con 24 horas.
            """)).ReadAsync<DocumentView>();
        await using var scope = world.ScopeFor(world.TenantA);
        var kernel = KernelFor(scope.ServiceProvider, new ConversationScope(world.TenantA, ConversationId: 7, ContactId: 70, HubCustomerId: null));

        var answer = (await kernel.InvokeAsync(KnowledgePlugin.PluginName, "knowledge_search", new() { ["query"] = "recuperacion clases" })).GetValue<string>();

        Assert.Contains($"Document: \"Reglamento del estudio\" (id {uploaded.Id})", answer, StringComparison.Ordinal);
        Assert.Contains("section: Reglamento del estudio › Recuperación de clases", answer, StringComparison.Ordinal);
        Assert.Contains("Las clases perdidas se recuperan dentro del mismo mes", answer, StringComparison.Ordinal);
        Assert.Contains("name its document", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Knowledge_search_says_so_when_nothing_matches()
    {
        await using var scope = world.ScopeFor(world.TenantA);
        var kernel = KernelFor(scope.ServiceProvider, new ConversationScope(world.TenantA, 7, 70, null));

        var answer = (await kernel.InvokeAsync(KnowledgePlugin.PluginName, "knowledge_search", new() { ["query"] = "helicóptero" })).GetValue<string>();

        Assert.Equal("No passage of the knowledge base matches \"helicóptero\". Try other keywords, or say you do not know.", answer);
    }

    [Fact]
    public async Task The_tool_refuses_a_scope_that_acts_for_another_tenant()
    {
        await using var scope = world.ScopeFor(world.TenantB);

        Assert.Throws<InvalidOperationException>(() =>
            ActivatorUtilities.CreateInstance<KnowledgePlugin>(scope.ServiceProvider, world.TenantA));
    }

    private static Kernel KernelFor(IServiceProvider services, ConversationScope conversation)
    {
        var kernel = Kernel.CreateBuilder().Build();
        kernel.Plugins.AddFromObject(ActivatorUtilities.CreateInstance<KnowledgePlugin>(services, conversation.TenantId), KnowledgePlugin.PluginName);
        return kernel;
    }
}
