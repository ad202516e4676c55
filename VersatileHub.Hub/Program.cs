using VersatileHub.Hub.Catalog;
using VersatileHub.Hub.Customers;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHub();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapCustomersApi();
app.MapCatalogApi();

app.Run();
