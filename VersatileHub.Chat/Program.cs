using VersatileHub.Chat.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChat();

var app = builder.Build();

app.MapAccountApi()
    .MapConversationsApi()
    .MapMessagesApi()
    .MapContactsApi()
    .MapInboxesApi()
    .MapSearchApi();
app.MapChannelApi();
app.MapDefaultEndpoints();

app.Run();
