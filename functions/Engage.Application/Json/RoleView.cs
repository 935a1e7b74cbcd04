using Engage.Application.Storage.Entities;

namespace Engage.Application.Json;

/// <summary>
/// A role as <c>components/schemas/Role</c>: <c>id</c>, <c>label</c>, times, and every permission flag of the
/// schema as a boolean (true when the role grants it).
/// </summary>
public static class RoleView
{
    /// <summary>The permission flags of the contract's Role schema.</summary>
    public static readonly IReadOnlyList<string> Flags =
    [
        "access_help_center", "access_previous_messages", "access_pull_mode", "admin_stamp_answer", "anonymize_identity",
        "approve_content", "ask_an_expert", "assign_intervention", "author_block_content", "close_content_thread",
        "create_and_destroy_extension", "create_community", "create_content_source", "create_user", "delay_export_content",
        "delete_content_thread", "escalate_to_video", "export_identity", "impersonate_user", "invite_user", "lock_identity",
        "manage_api_access_tokens", "manage_app_sdk_applications", "manage_categories", "manage_chat", "manage_custom_fields",
        "manage_custom_notifications", "manage_emails_templates", "manage_folders", "manage_ice", "manage_identities",
        "manage_messaging", "manage_own_notifications", "manage_reply_assistant", "manage_roles", "manage_rules_engine_rules",
        "manage_tags", "manage_teams", "manage_topologies", "manage_users_of_my_teams", "monitor_tasks", "monitor_team_tasks",
        "mute_content", "open_content_thread", "publish_content", "read_community", "read_content_source", "read_event",
        "read_export", "read_identity", "read_own_stats", "read_presence", "read_stats", "read_user", "receive_tasks",
        "reply_with_assistant", "search_contents", "search_event", "update_community", "update_content_source",
        "update_extension", "update_identity", "update_intervention", "update_own_intervention", "update_settings",
        "update_time_sheet", "update_user", "use_cobrowsing", "use_emoji",
    ];

    /// <summary>The JSON object of a role, in the schema's field order.</summary>
    public static IReadOnlyDictionary<string, object?> From(RoleEntity role, IReadOnlySet<string> permissions)
    {
        var view = new Dictionary<string, object?>(Flags.Count + 4)
        {
            ["id"] = role.Id,
            ["label"] = role.Label,
            ["created_at"] = ContractJson.FormatTime(role.CreatedAt),
            ["updated_at"] = ContractJson.FormatTime(role.UpdatedAt),
        };
        foreach (var flag in Flags) view[flag] = permissions.Contains(flag);
        return view;
    }
}
