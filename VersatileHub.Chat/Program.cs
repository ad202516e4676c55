using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Assignment;
using VersatileHub.Chat.Notifications;
using VersatileHub.Chat.Realtime;
using VersatileHub.Chat.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChat();
builder.AddChatWeb();

var app = builder.Build();

app.MapAccountApi()
    .MapConversationsApi()
    .MapMessagesApi()
    .MapContactsApi()
    .MapInboxesApi()
    .MapSearchApi()
    .MapInboxMembersApi()
    .MapWebhooksApi()
    .MapNotificationsApi();
app.MapChannelApi();
app.MapLiveInbox();
app.MapChatWeb();
app.MapDefaultEndpoints();

app.Run();
