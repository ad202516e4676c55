using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Notifications;
using VersatileHub.Chat.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChat();

var app = builder.Build();

app.MapAccountApi()
    .MapConversationsApi()
    .MapMessagesApi()
    .MapContactsApi()
    .MapInboxesApi()
    .MapSearchApi()
    .MapWebhooksApi()
    .MapNotificationsApi();
app.MapChannelApi();
app.MapDefaultEndpoints();

app.Run();
