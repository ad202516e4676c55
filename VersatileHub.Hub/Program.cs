using VersatileHub.Hub.Orders;
using VersatileHub.Hub.Tickets;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHub();

var app = builder.Build();

app.MapOrdersApi();
app.MapTicketsApi();

app.MapDefaultEndpoints();

app.Run();
