using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VersatileHub.AppHost.Hosting;
using VersatileHub.Chat.Notifications;
using VersatileHub.Tests.AppHost;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Chat.Notifications;

/// <summary>Where a handoff e-mail's link points: the configured address, else the address Chat itself listens on.</summary>
public sealed class HandoffLinkTests : IAsyncLifetime
{
    private readonly ChatFactory _chat = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_chat).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_chat).DisposeAsync();

    private string AppUrlWith(params (string Key, string Value)[] settings)
    {
        using var chat = _chat.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        return chat.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.AppUrl;
    }

    [Fact]
    public async Task Chat_run_by_the_AppHost_links_to_its_own_external_endpoint_without_being_told()
    {
        await using var suite = SuiteModel.Build(1000);
        var endpoint = suite.Model.GetResource<ProjectResource>("chat").GetEndpoints().Single(e => e.Name == "http");

        // The AppHost gives Chat its endpoint as ASPNETCORE_URLS, which ASP.NET Core reads as the "urls" setting.
        var appUrl = AppUrlWith(("urls", endpoint.AllocatedEndpoint!.Url));

        Assert.True(endpoint.IsExternal);
        Assert.Equal("http://127.0.0.1:6102", appUrl);
    }

    [Fact]
    public void A_configured_address_wins_over_the_one_Chat_listens_on()
    {
        Assert.Equal("https://chat.danza.example", AppUrlWith(("urls", "http://127.0.0.1:6102"), ("Notifications:AppUrl", "https://chat.danza.example")));
    }

    [Fact]
    public void A_wildcard_listening_address_is_skipped_for_one_a_person_can_open()
    {
        Assert.Equal("http://chat.internal:8080", AppUrlWith(("urls", "http://+:8081;http://0.0.0.0:8082;http://chat.internal:8080/")));
        Assert.Equal(NotificationOptions.DefaultAppUrl, AppUrlWith(("urls", "http://*:8080")));
    }
}
