var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChat();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
