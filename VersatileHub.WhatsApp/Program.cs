using VersatileHub.WhatsApp.Inbound;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWhatsApp();

var app = builder.Build();

app.MapWebhooksApi();
app.MapDefaultEndpoints();

app.Run();
