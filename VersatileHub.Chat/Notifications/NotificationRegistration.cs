using VersatileHub.Chat.Events;

namespace VersatileHub.Chat.Notifications;

internal static class NotificationRegistration
{
    /// <summary>Handoff e-mails: written from Chat's <c>conversation.handoff</c>, sent by the mailer through each account's SMTP server.</summary>
    public static EventBusBuilder AddHandoffEmails(this EventBusBuilder bus)
    {
        var services = bus.Services;
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section)
            .Configure<IConfiguration>(NotificationOptions.UseOwnAddressUnlessSet)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<NotificationSettings>();
        services.AddSingleton<HandoffMailer>();
        services.AddHostedService(provider => provider.GetRequiredService<HandoffMailer>());
        return bus.AddHandler<HandoffNotice>(ChatEventTypes.ConversationHandoff);
    }
}
