var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHub();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
