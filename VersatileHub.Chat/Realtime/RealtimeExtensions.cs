using System.Text.Json;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.Chat.Accounts;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Realtime;

internal static class RealtimeExtensions
{
    /// <summary>
    /// The live inbox: SignalR over the Redis backplane (its channels under the event bus's key prefix, so test runs sharing
    /// a Redis stay apart), presence, and the in-process relay. <see cref="LivePush"/> is registered with the event bus.
    /// </summary>
    public static IHostApplicationBuilder AddLiveInbox(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSignalR()
            .AddJsonProtocol(json => json.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower)
            .AddStackExchangeRedis();
        services.AddOptions<RedisOptions>().Configure<IConfiguration, IOptions<EventBusOptions>>((redis, configuration, bus) =>
        {
            redis.Configuration = ConfigurationOptions.Parse(configuration.GetConnectionString("redis")
                ?? throw new InvalidOperationException("ConnectionStrings:redis is required by the live inbox's backplane."));
            redis.Configuration.ChannelPrefix = RedisChannel.Literal(bus.Value.KeyPrefix + "chat:signalr:");
        });
        services.AddTransient<IStartupFilter, HubAccessToken>();
        services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Heartbeat < o.TimeToLive, "Presence:Heartbeat must be shorter than Presence:TimeToLive.").ValidateOnStart();
        services.AddSingleton<AgentPresence>();
        services.AddHostedService(s => s.GetRequiredService<AgentPresence>());
        services.AddSingleton<LiveRelay>();
        services.AddHostedService(s => s.GetRequiredService<LiveRelay>());
        return builder;
    }

    /// <summary>Maps the live inbox's hub at <see cref="ChatHub.Path"/>, for any member of the account.</summary>
    public static IEndpointRouteBuilder MapLiveInbox(this IEndpointRouteBuilder app)
    {
        app.MapHub<ChatHub>(ChatHub.Path).RequireAuthorization(ChatPolicies.Read);
        return app;
    }
}
