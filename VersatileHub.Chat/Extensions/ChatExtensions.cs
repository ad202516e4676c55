using VersatileHub.Chat.Data;

namespace Microsoft.Extensions.Hosting;

internal static class ChatExtensions
{
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ChatDbContext>("chatdb");
        builder.Services.AddMigration<ChatDbContext>();
        builder.AddRedisClient("redis");
        builder.AddHubAuthentication();
        builder.AddEventBus("chat")
            .AddOutbox<ChatDbContext>()
            .UseInbox<ChatDbContext>();
        return builder;
    }
}
