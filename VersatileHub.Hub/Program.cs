var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHub();

var app = builder.Build();

app.MapHub();
app.MapDefaultEndpoints();

app.Run();
