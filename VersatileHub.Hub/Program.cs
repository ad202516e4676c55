using VersatileHub.Hub.Appointments.Apis;
using VersatileHub.Hub.Appointments.Realtime;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHub();
builder.AddAgenda();

var app = builder.Build();

app.MapAgendaApi();
app.MapAppointmentsApi();
app.MapAgendaHub();

app.MapDefaultEndpoints();

app.Run();
