var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWhatsApp();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
