namespace Microsoft.Extensions.Hosting;

internal static class WhatsAppExtensions
{
    public static IHostApplicationBuilder AddWhatsApp(this IHostApplicationBuilder builder)
    {
        // The gateway keeps its state (de-duplication, buffers, queues) in Redis only.
        builder.AddRedisClient("redis");
        builder.AddHubAuthentication();
        builder.AddEventBus("whatsapp");
        return builder;
    }
}
