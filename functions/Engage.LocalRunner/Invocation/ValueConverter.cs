using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace Engage.LocalRunner.Invocation;

/// <summary>Converts binding values (route values, query strings, binding data) to parameter types, invariant culture.</summary>
internal static class ValueConverter
{
    /// <summary>Converts <paramref name="value"/> to <paramref name="target"/>; null and empty strings give the type's default for nullable targets.</summary>
    /// <exception cref="FormatException">The value cannot be converted.</exception>
    public static object? Convert(object? value, Type target)
    {
        var underlying = Nullable.GetUnderlyingType(target);
        if (value is null || (value is string { Length: 0 } && underlying is not null)) return DefaultOf(target);
        if (target.IsInstanceOfType(value)) return value;
        var type = underlying ?? target;
        try
        {
            if (type == typeof(string)) return System.Convert.ToString(value, CultureInfo.InvariantCulture);
            if (value is string text) return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
            if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(type)) return System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
            return TypeDescriptor.GetConverter(type).ConvertFrom(null, CultureInfo.InvariantCulture, value);
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException($"Cannot convert '{value}' to {target.Name}.", e);
        }
    }

    /// <summary>The parameter's declared default, else the type's default.</summary>
    public static object? DefaultOf(ParameterInfo parameter) =>
        parameter.HasDefaultValue ? parameter.DefaultValue : DefaultOf(parameter.ParameterType);

    private static object? DefaultOf(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
}
