var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChat();

var app = builder.Build();

app.MapChat();
app.MapDefaultEndpoints();

app.Run();
