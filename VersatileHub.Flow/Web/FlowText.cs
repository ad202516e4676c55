using VersatileHub.Flow.Execution;
using VersatileHub.ServiceDefaults.Web;

namespace VersatileHub.Flow.Web;

/// <summary>Every word of Flow's web app, in Spanish and English: one place for the strings.</summary>
internal sealed class FlowText
{
    public static readonly FlowText Spanish = new(UiLanguage.Spanish);
    public static readonly FlowText English = new(UiLanguage.English);

    private FlowText(string lang) => Lang = lang;

    public string Lang { get; }

    private string P(string es, string en) => Lang == UiLanguage.English ? en : es;

    public string Title => P("Automatizaciones", "Automations");
    public string NotAllowed => P("Solo los dueños y administradores de la cuenta usan Flow.", "Only the account's owners and admins use Flow.");
    public string NotFound => P("No existe en esta cuenta.", "It does not exist in this account.");
    public string Workflows => P("Workflows", "Workflows");
    public string NoWorkflows => P("Todavía no hay workflows.", "No workflows yet.");
    public string NewWorkflow => P("Nuevo workflow", "New workflow");
    public string Name => P("Nombre", "Name");
    public string Active => P("Activo", "Active");
    public string Inactive => P("Inactivo", "Inactive");
    public string Version => P("Versión", "Version");
    public string LastRun => P("Última ejecución", "Last run");
    public string Never => P("nunca", "never");
    public string Blank => P("En blanco (un disparo manual)", "Blank (a manual trigger)");
    public string FromTemplate => P("Empezar desde", "Start from");
    public string Create => P("Crear", "Create");
    public string Definition => P("Definición (JSON)", "Definition (JSON)");
    public string Graph => P("Gráfico", "Graph");
    public string Nodes => P("Nodos", "Nodes");
    public string Save => P("Guardar", "Save");
    public string Saved => P("Guardado: versión {0}.", "Saved: version {0}.");
    public string CannotSave => P("No se guardó:", "Not saved:");
    public string Activate => P("Activar", "Activate");
    public string Deactivate => P("Desactivar", "Deactivate");
    public string Activated => P("Activo: sus disparadores están escuchando.", "Active: its triggers are listening.");
    public string Deactivated => P("Inactivo: sus disparadores no inician ejecuciones.", "Inactive: its triggers start no runs.");
    public string TestInput => P("Entrada de prueba (un objeto JSON o una lista)", "Test input (a JSON object or an array)");
    public string Run => P("Ejecutar", "Run");
    public string Runs => P("Ejecuciones", "Runs");
    public string NoRuns => P("Todavía no hubo ejecuciones.", "No runs yet.");
    public string Versions => P("Versiones", "Versions");
    public string SavedAt => P("Guardada", "Saved");
    public string Current => P("actual", "current");
    public string Editor => P("Editor", "Editor");
    public string Status => P("Estado", "Status");
    public string Queued => P("En cola", "Queued");
    public string Started => P("Empezó", "Started");
    public string Finished => P("Terminó", "Finished");
    public string Duration => P("Duración", "Duration");
    public string TriggeredBy => P("Origen", "Triggered by");
    public string Node => P("Nodo", "Node");
    public string Attempts => P("Intentos", "Attempts");
    public string Input => P("Entrada", "Input");
    public string Output => P("Salida", "Output");
    public string Error => P("Error", "Error");
    public string FailedAt => P("Falló en", "Failed at");
    public string Rerun => P("Reintentar desde el nodo fallido", "Re-run from the failed node");
    public string RerunOf => P("Reintento de", "Re-run of");
    public string Older => P("Anteriores", "Older");
    public string Workflow => P("Workflow", "Workflow");
    public string Steps => P("Pasos", "Steps");
    public string TriggerItems => P("Ítems del disparo", "Trigger items");
    public string WholeWorkflow => P("el workflow", "the workflow");

    public string StatusName(RunStatus status) => status switch
    {
        RunStatus.Queued => P("en cola", "queued"),
        RunStatus.Running => P("corriendo", "running"),
        RunStatus.Waiting => P("esperando", "waiting"),
        RunStatus.Succeeded => P("exitosa", "succeeded"),
        RunStatus.Failed => P("fallida", "failed"),
        _ => P("cancelada", "cancelled"),
    };

    public string StatusName(string status) => Enum.TryParse<RunStatus>(status, out var parsed) ? StatusName(parsed) : status;

    public string StepStatusName(string status) => status switch
    {
        "Running" => P("corriendo", "running"),
        "Waiting" => P("esperando", "waiting"),
        "Succeeded" => P("ok", "ok"),
        "Failed" => P("falló", "failed"),
        _ => status,
    };

    /// <summary>The language of the request (<see cref="UiLanguage.Of"/>).</summary>
    public static FlowText For(HttpRequest request) => ByCode(UiLanguage.Of(request));

    public static FlowText ByCode(string? code) => UiLanguage.Parse(code) == UiLanguage.English ? English : Spanish;

    /// <summary>This language's half of a domain message written "español / English".</summary>
    public string Of(string bilingual) => UiLanguage.Pick(bilingual, Lang);

    public string When(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "—";

    public static string Milliseconds(long? ms) => ms is { } value ? $"{value} ms" : "—";
}
