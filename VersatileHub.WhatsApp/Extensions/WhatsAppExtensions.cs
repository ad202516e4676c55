using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VersatileHub.WhatsApp;
using VersatileHub.WhatsApp.Channels;
using VersatileHub.WhatsApp.Inbound;
using VersatileHub.WhatsApp.Outbound;

namespace Microsoft.Extensions.Hosting;

internal static class WhatsAppExtensions
{
    public static IHostApplicationBuilder AddWhatsApp(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // The gateway keeps its state (de-duplication, queue, buffers, send records) in Redis only.
        builder.AddRedisClient("redis");
        builder.AddHubAuthentication();
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<WhatsAppOptions>().BindConfiguration(WhatsAppOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TranscriptionOptions>().BindConfiguration(TranscriptionOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddHttpClient(ChatChannel.HttpClientName, http => http.BaseAddress = new Uri("http://chat")).AddServiceToken();
        services.AddHttpClient(ChatChannel.InboundClientName)
            .ConfigureHttpClient((provider, http) =>
            {
                http.BaseAddress = new Uri("http://chat");
                http.Timeout = provider.GetRequiredService<IOptions<WhatsAppOptions>>().Value.ChatTimeout;
            })
            .WithoutDefaultResilience()
            .AddServiceToken();
        services.AddHttpClient(TurnPreparation.ProviderClient).WithoutDefaultResilience();
        services.AddHttpClient(TurnPreparation.TranscriptionClient, http => http.Timeout = TimeSpan.FromMinutes(2)).WithoutDefaultResilience();

        services.AddSingleton<WhatsAppMetrics>();
        services.AddSingleton<ChatChannel>();
        services.AddSingleton<ChannelDirectory>();
        services.AddSingleton<CustomerServiceWindow>();
        services.AddSingleton<InboundQueue>();
        services.AddSingleton<ContactBuffers>();
        services.AddSingleton<ParkedInbound>();
        services.AddSingleton<TurnPreparation>();
        services.AddSingleton<WebhookIntake>();
        services.AddHostedService<InboundWorker>();

        services.AddSingleton<SendLedger>();
        services.AddSingleton<SendingRate>();
        services.AddSingleton<ProviderSend>();
        builder.AddEventBus("whatsapp")
            .Subscribe("chat")
            .AddHandler<OutgoingMessages>("message.created");
        return builder;
    }
}
