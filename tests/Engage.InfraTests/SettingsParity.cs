using System.Reflection;
using System.Text.Json.Nodes;
using Engage.Application.Configuration;
using Engage.Application.Storage;
using Engage.InfraTests.Arm;

namespace Engage.InfraTests;

/// <summary>
/// Checks the compiled ARM template of infra/main.bicep and local.settings.sample.json against what the code
/// reads (<see cref="SettingNames"/>) and uses (<see cref="StorageNames"/>). Every exception to "the same names
/// everywhere" is listed here, with its reason. <see cref="Check"/> returns one line per problem (empty: in step).
/// </summary>
public static class SettingsParity
{
    /// <summary>Read by the code, set locally only; must not be set in Azure.</summary>
    public static readonly IReadOnlyDictionary<string, string> LocalOnly = new Dictionary<string, string>
    {
        [SettingNames.ExposeOperationCounts] = "adds operation counts to HTTP answers, for local runs and tests",
        [SettingNames.BootstrapAdminEmail] = "the bootstrap runs against Azurite only",
        [SettingNames.AllowLoopbackEndpoints] = "nothing of ours listens on the Function App's loopback; local bridges and bots do",
        [SettingNames.WebhookLease] = "only the fault tests shorten it; Azure keeps the 30 s default, above the 10 s delivery timeout",
    };

    /// <summary>
    /// Connection-string settings the code reads locally, replaced in Azure by identity-based settings (the
    /// storage account has shared keys disabled, so a connection string must never be set there).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> ConnectionStringAlternatives = new Dictionary<string, string[]>
    {
        [SettingNames.Storage] =
            [SettingNames.StorageTableServiceUri, SettingNames.StorageQueueServiceUri, SettingNames.StorageCredential, SettingNames.StorageClientId],
        [SettingNames.ServiceBusConnection] = [SettingNames.ServiceBusNamespace, SettingNames.ServiceBusCredential, SettingNames.ServiceBusClientId],
    };

    /// <summary>Settings Bicep sets that the code does not read yet (none now).</summary>
    public static readonly IReadOnlyDictionary<string, string> ProvisionedAhead = new Dictionary<string, string>();

    /// <summary>Settings read by the Functions host, not the app code (by prefix).</summary>
    public static readonly IReadOnlyList<string> HostSettingPrefixes = ["AzureWebJobsStorage__", "APPLICATIONINSIGHTS_"];

    /// <summary>Host settings a local.settings.json needs (not set in Azure: Flex takes the runtime from functionAppConfig).</summary>
    public static readonly IReadOnlyList<string> LocalHostSettings = ["FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage"];

    /// <summary>App settings that are deprecated or refused on Flex Consumption (or, for AzureWebJobsStorage, a key-based connection).</summary>
    public static readonly IReadOnlyList<string> ForbiddenInAzure =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD", "WEBSITE_TIME_ZONE", "TZ",
        "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT", "WEBSITE_NODE_DEFAULT_VERSION", "AzureWebJobsStorage",
    ];

    /// <summary>Settings whose value must be a Key Vault reference in Azure.</summary>
    public static readonly IReadOnlyList<string> KeyVaultReferences = [SettingNames.SecretKey];

    /// <summary>A built-in role the app's identity needs, on a resource of <paramref name="ScopeType"/>.</summary>
    public sealed record RequiredRole(string Role, string RoleId, string ScopeType);

    private static readonly RequiredRole BlobDataOwner = new("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts");
    private static readonly RequiredRole QueueDataContributor = new("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts");
    private static readonly RequiredRole TableDataContributor = new("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts");

    /// <summary>
    /// Which role each identity-based setting needs. Every app setting that names an endpoint (<c>*ServiceUri</c>,
    /// <c>*fullyQualifiedNamespace</c>) or a Key Vault reference must appear here, so a new connection cannot
    /// arrive without its role. <c>functionAppConfig.deployment</c> is the Flex deployment container.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, RequiredRole> RolesBySetting = new Dictionary<string, RequiredRole>
    {
        ["AzureWebJobsStorage__blobServiceUri"] = BlobDataOwner,
        ["AzureWebJobsStorage__queueServiceUri"] = QueueDataContributor,
        ["AzureWebJobsStorage__tableServiceUri"] = TableDataContributor,
        ["functionAppConfig.deployment"] = BlobDataOwner,
        [SettingNames.StorageTableServiceUri] = TableDataContributor,
        [SettingNames.StorageQueueServiceUri] = QueueDataContributor,
        [SettingNames.SecretKey] = new("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults"),
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = new("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components"),
        ["ServiceBusConnection__fullyQualifiedNamespace"] = new("Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces"),
    };

    /// <summary>Every setting name the code reads: the public string constants of <see cref="SettingNames"/>.</summary>
    public static IReadOnlyList<string> SettingsReadByCode() =>
        typeof(SettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    /// <summary>Checks the compiled template and the local settings sample; returns the problems found.</summary>
    public static IReadOnlyList<string> Check(JsonObject compiledTemplate, JsonObject localSettingsSample)
    {
        var problems = new List<string>();
        var deployed = ArmScope.Deployed(compiledTemplate);
        var readByCode = SettingsReadByCode();

        CheckExceptionLists(readByCode, problems);
        var sites = deployed.Where(r => Is(r, "Microsoft.Web/sites")).ToList();
        if (sites.Count != 1)
        {
            problems.Add($"expected one Function App (Microsoft.Web/sites) in the template, found {sites.Count}");
            return problems;
        }
        var site = sites[0];
        var settings = AppSettings(site, deployed, problems);
        var identities = SiteIdentities(site, problems);

        CheckSettings(readByCode, settings, identities, site, problems);
        CheckFlex(site, deployed, problems);
        CheckStorageNames(deployed, settings, problems);
        CheckRoles(deployed, settings, identities, problems);
        CheckLocalSample(readByCode, localSettingsSample, problems);
        return problems;
    }

    private static void CheckExceptionLists(IReadOnlyList<string> readByCode, List<string> problems)
    {
        foreach (var name in ProvisionedAhead.Keys.Where(readByCode.Contains))
            problems.Add($"'{name}' is now read by the code (SettingNames): remove it from SettingsParity.ProvisionedAhead");
        foreach (var name in LocalOnly.Keys.Concat(ConnectionStringAlternatives.Keys).Concat(ConnectionStringAlternatives.Values.SelectMany(v => v))
                     .Where(n => !readByCode.Contains(n)))
            problems.Add($"'{name}' is listed as an exception but the code does not read it (not in SettingNames)");
    }

    private static Dictionary<string, object?> AppSettings(DeployedResource site, IReadOnlyList<DeployedResource> deployed, List<string> problems)
    {
        var settings = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Add(string name, object? value)
        {
            if (!settings.TryAdd(name, value)) problems.Add($"app setting '{name}' is set twice");
        }

        if (site.EvaluatePath("properties.siteConfig.appSettings") is List<object?> list)
        {
            foreach (var item in list)
            {
                if (item is Dictionary<string, object?> pair && pair.TryGetValue("name", out var n) && n is string name) Add(name, pair.GetValueOrDefault("value"));
                else problems.Add($"an app setting of the site has no literal name: {ArmExpression.Render(item)}");
            }
        }
        else if (site.EvaluatePath("properties.siteConfig.appSettings") is { } other)
        {
            problems.Add($"the site's appSettings is not a literal list: {ArmExpression.Render(other)}");
        }
        // Settings may also come from a 'config/appsettings' child resource.
        foreach (var config in deployed.Where(r => Is(r, "Microsoft.Web/sites/config") && r.LeafName == "appsettings"))
        {
            if (config.EvaluatePath("properties") is Dictionary<string, object?> map)
                foreach (var (name, value) in map) Add(name, value);
        }
        return settings;
    }

    private static IReadOnlyList<string> SiteIdentities(DeployedResource site, List<string> problems)
    {
        var identities = site.EvaluatePath("identity.userAssignedIdentities") is Dictionary<string, object?> map ? map.Keys.ToList() : [];
        if (identities.Count != 1) problems.Add($"the Function App must run as exactly one user-assigned identity, found {identities.Count}");
        return identities;
    }

    private static void CheckSettings(IReadOnlyList<string> readByCode, Dictionary<string, object?> settings, IReadOnlyList<string> identities,
        DeployedResource site, List<string> problems)
    {
        foreach (var name in readByCode)
        {
            if (LocalOnly.ContainsKey(name))
            {
                if (settings.ContainsKey(name)) problems.Add($"'{name}' is local-only ({LocalOnly[name]}) but Bicep sets it");
                continue;
            }
            if (ConnectionStringAlternatives.TryGetValue(name, out var alternatives))
            {
                if (settings.ContainsKey(name)) problems.Add($"'{name}' is a connection string (local only); Azure must use {string.Join(", ", alternatives)}");
                continue;
            }
            if (!settings.ContainsKey(name)) problems.Add($"'{name}' is read by the code but not set by Bicep (site app settings)");
        }

        foreach (var name in settings.Keys)
        {
            if (ForbiddenInAzure.Contains(name))
                problems.Add($"'{name}' must not be set on a Flex Consumption app (deprecated there, or a key-based connection)");
            else if (!readByCode.Contains(name) && !HostSettingPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !ProvisionedAhead.ContainsKey(name))
                problems.Add($"'{name}' is set by Bicep but neither read by the code, nor a host setting, nor listed as provisioned ahead");
        }

        foreach (var (name, value) in settings)
        {
            if (name.EndsWith("__credential", StringComparison.Ordinal) && value is not "managedidentity")
                problems.Add($"'{name}' must be 'managedidentity', is {ArmExpression.Render(value)}");
            if (name.EndsWith("__clientId", StringComparison.Ordinal) && !IsPropertyOf(value, identities, "clientId"))
                problems.Add($"'{name}' is not the client id of the app's identity: {ArmExpression.Render(value)}");
            if ((name.EndsWith("ServiceUri", StringComparison.Ordinal) || name.EndsWith("__fullyQualifiedNamespace", StringComparison.Ordinal) || KeyVaultReferences.Contains(name))
                && !RolesBySetting.ContainsKey(name))
                problems.Add($"'{name}' reaches a resource but SettingsParity.RolesBySetting does not say which role it needs");
        }

        foreach (var name in KeyVaultReferences.Where(settings.ContainsKey))
        {
            if (ArmExpression.AsText(settings[name]) is var text && !text.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal))
                problems.Add($"'{name}' must be a Key Vault reference, is {ArmExpression.Render(settings[name])}");
        }
        if (KeyVaultReferences.Any(settings.ContainsKey) && !identities.Contains(ArmExpression.AsText(site.EvaluatePath("properties.keyVaultReferenceIdentity"))))
            problems.Add("the site's keyVaultReferenceIdentity is not the app's user-assigned identity");
    }

    private static void CheckFlex(DeployedResource site, IReadOnlyList<DeployedResource> deployed, List<string> problems)
    {
        if (site.EvaluatePath("properties.functionAppConfig.runtime") is not Dictionary<string, object?> runtime
            || runtime.GetValueOrDefault("name") is not "dotnet-isolated" || runtime.GetValueOrDefault("version") is not "10.0")
            problems.Add("functionAppConfig.runtime must be dotnet-isolated 10.0");
        if (!deployed.Any(r => Is(r, "Microsoft.Web/serverfarms") && r.EvaluatePath("sku.name") is "FC1"))
            problems.Add("no Flex Consumption (FC1) plan in the template");
        if (site.EvaluatePath("properties.functionAppConfig.deployment.storage.authentication.type") is not "UserAssignedIdentity")
            problems.Add("the Flex deployment storage must authenticate with the user-assigned identity");
    }

    private static void CheckStorageNames(IReadOnlyList<DeployedResource> deployed, Dictionary<string, object?> settings, List<string> problems)
    {
        void Compare(string kind, string type, IReadOnlyList<string> used, string endpointSetting)
        {
            var created = deployed.Where(r => Is(r, type)).ToList();
            foreach (var name in used.Where(n => !created.Any(r => r.LeafName == n)))
                problems.Add($"{kind} '{name}' is used by the code (StorageNames) but not created by Bicep");
            foreach (var resource in created.Where(r => !used.Contains(r.LeafName)))
                problems.Add($"{kind} '{resource.LeafName}' is created by Bicep but not used by the code (StorageNames)");
            // The tables and queues must be in the account the app's endpoint setting points at.
            var endpoint = ArmExpression.AsText(settings.GetValueOrDefault(endpointSetting));
            foreach (var resource in created.Where(r => !MentionsName(endpoint, ArmScope.SplitName(r.Name)[0])))
                problems.Add($"{kind} '{resource.LeafName}' is created in account {ArmScope.SplitName(resource.Name)[0]}, not the one '{endpointSetting}' points at ({endpoint})");
        }

        Compare("table", "Microsoft.Storage/storageAccounts/tableServices/tables", StorageNames.Tables, SettingNames.StorageTableServiceUri);
        Compare("queue", "Microsoft.Storage/storageAccounts/queueServices/queues", StorageNames.Queues, SettingNames.StorageQueueServiceUri);
    }

    private static void CheckRoles(IReadOnlyList<DeployedResource> deployed, Dictionary<string, object?> settings, IReadOnlyList<string> identities,
        List<string> problems)
    {
        var assignments = deployed.Where(r => Is(r, "Microsoft.Authorization/roleAssignments")).Select(r => new
        {
            RoleId = ArmScope.SplitName(ArmExpression.AsText(r.EvaluatePath("properties.roleDefinitionId")))[^1],
            Scope = ArmExpression.AsText(r.EvaluatePath("scope")),
            ToApp = IsPropertyOf(r.EvaluatePath("properties.principalId"), identities, "principalId"),
        }).ToList();

        var needed = RolesBySetting.Where(kv => settings.ContainsKey(kv.Key) || kv.Key == "functionAppConfig.deployment");
        foreach (var (setting, role) in needed)
        {
            var scopes = deployed.Where(r => Is(r, role.ScopeType)).Select(r => r.Id).ToHashSet();
            if (!assignments.Any(a => a.RoleId == role.RoleId && a.ToApp && scopes.Contains(a.Scope)))
                problems.Add($"role '{role.Role}' ({role.RoleId}) on a {role.ScopeType} is not assigned to the app's identity (needed by '{setting}')");
        }
    }

    private static void CheckLocalSample(IReadOnlyList<string> readByCode, JsonObject sample, List<string> problems)
    {
        if (sample["IsEncrypted"]?.GetValue<bool>() != false) problems.Add("local.settings.sample.json: IsEncrypted must be false");
        if (sample["Values"] is not JsonObject values)
        {
            problems.Add("local.settings.sample.json has no Values");
            return;
        }
        foreach (var name in readByCode.Where(n => !LocalOnly.ContainsKey(n) && !values.ContainsKey(n)))
            problems.Add($"'{name}' is read by the code but missing from local.settings.sample.json");
        foreach (var name in LocalHostSettings.Where(n => !values.ContainsKey(n)))
            problems.Add($"'{name}' (local host setting) is missing from local.settings.sample.json");
        foreach (var (name, _) in values.Where(kv => !readByCode.Contains(kv.Key) && !LocalHostSettings.Contains(kv.Key)))
            problems.Add($"'{name}' is in local.settings.sample.json but neither read by the code nor a local host setting");
        if (values["FUNCTIONS_WORKER_RUNTIME"]?.GetValue<string>() is { } runtime && runtime != "dotnet-isolated")
            problems.Add("local.settings.sample.json: FUNCTIONS_WORKER_RUNTIME must be dotnet-isolated");
    }

    /// <summary>Whether a value is <c>reference(identity).property</c> (directly, or through a module output) of one of <paramref name="identities"/>.</summary>
    private static bool IsPropertyOf(object? value, IReadOnlyList<string> identities, string property) =>
        value is Opaque o
        && o.Text.EndsWith("." + property, StringComparison.Ordinal)
        && identities.Any(id => o.Text.StartsWith($"reference({ArmExpression.Render(id)}", StringComparison.Ordinal));

    /// <summary>Whether a value's text contains a name, as is or quoted inside an opaque expression.</summary>
    private static bool MentionsName(string text, string name) =>
        text.Contains(name, StringComparison.Ordinal) || text.Contains(ArmExpression.Render(name)[1..^1], StringComparison.Ordinal);

    private static bool Is(DeployedResource r, string type) => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase);
}
