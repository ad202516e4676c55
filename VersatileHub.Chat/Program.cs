using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Assignment;
using VersatileHub.Chat.Realtime;

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
    .MapInboxMembersApi();
app.MapChannelApi();
app.MapLiveInbox();
app.MapDefaultEndpoints();

app.Run();
