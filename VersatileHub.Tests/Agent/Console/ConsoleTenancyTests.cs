using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Agent.Console;
using VersatileHub.Agent.Profiles;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Agent.Console;

/// <summary>The console is for a tenant's owners and admins, and its pieces never reach another tenant's profiles.</summary>
public sealed class ConsoleTenancyTests(AgentWorld world) : IClassFixture<AgentWorld>
{
    [Fact]
    public async Task The_console_opens_for_an_admin_and_is_forbidden_to_an_agent_of_the_same_tenant()
    {
        var token = await HubApi.CreateTokenAsync(world.Admin.Client, "console-agent", "agent");
        using var agent = world.Agent.CreateClient();
        agent.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, token);

        var forAdmin = await world.A.GetAsync("/");
        var forAgent = await agent.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, forAdmin.StatusCode);
        Assert.Equal("text/html", forAdmin.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, forAgent.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_profile_can_be_neither_tested_saved_nor_used_in_the_playground()
    {
        await world.ConfigureModelsAsync();
        var profiles = await world.InAgentAsync(db => Task.FromResult(db.Set<AgentProfile>().IgnoreQueryFiltersForTest().ToList()));
        var theirs = profiles.Single(p => p.TenantId == world.TenantA);
        var requestsBefore = world.Model.Requests.Count;

        await using var scope = world.Agent.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(world.Intruder.TenantId);
        var editor = scope.ServiceProvider.GetRequiredService<ProfileEditor>();
        var playground = scope.ServiceProvider.GetRequiredService<Playground>();

        Assert.Null(await editor.TestAsync(theirs.Id, CancellationToken.None));
        var refused = await editor.SaveAsync(new ProfileDraft { Id = theirs.Id, Role = "primary", Name = "Mío", Endpoint = "http://localhost:1/v1", Model = "x", MaxTokens = 10 },
            CancellationToken.None);
        Assert.Equal(["id"], refused.Keys);
        var failure = await Assert.ThrowsAsync<ModelFailureException>(async () =>
        {
            await foreach (var _ in playground.AnswerAsync(theirs.Id, [new PlaygroundLine(true, "Hola")], CancellationToken.None))
            {
            }
        });
        Assert.Equal("no_profile", failure.Failure.Reason);
        Assert.Equal(requestsBefore, world.Model.Requests.Count);
        var unchanged = await world.InAgentAsync(db => Task.FromResult(db.Set<AgentProfile>().IgnoreQueryFiltersForTest().Single(p => p.Id == theirs.Id)));
        Assert.Equal(AgentWorld.Primary, unchanged.Model);
    }
}

internal static class QueryFilterExtensions
{
    /// <summary>The test reads every tenant's rows, as no request ever can.</summary>
    public static IQueryable<T> IgnoreQueryFiltersForTest<T>(this IQueryable<T> query) where T : class =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(query);
}
