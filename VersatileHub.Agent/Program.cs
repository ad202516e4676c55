var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAgent();

var app = builder.Build();

app.MapAgent();
app.MapDefaultEndpoints();

app.Run();
