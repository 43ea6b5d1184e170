using System.Linq.Expressions;
using System.Reflection;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Results;
using FluentValidation.Validators;

namespace Hubs.EventSourcing.Commanding;

/// <summary>
/// A validator's property checks called directly, to accept a well-formed command without FluentValidation's per-rule
/// bookkeeping (property paths, message formatters, a failure list per rule): about a tenth of its cost, and an import's
/// commands are nearly all well-formed. It only ever accepts: a command it does not pass, or a validator it cannot read,
/// goes through FluentValidation as before, so every violation is still FluentValidation's own, with its code, field,
/// value and message. It is the same checks, not a copy of the rules: each rule's own property validators on the value its
/// own expression reads. A check whose condition (<c>When</c>) is not read here runs anyway; if it fails the command takes
/// the full path, where the condition decides.
/// </summary>
internal static class ShapeCheck
{
    /// <summary>
    /// Property validators that answer whether a value is valid. Others (a child validator, an async or polymorphic one) may
    /// add failures of their own while answering true, so a validator with any of them is not read. A predicate may too
    /// (<c>Custom</c> is a predicate that adds them and answers true): a check passes only if no failure was added.
    /// </summary>
    private static readonly HashSet<Type> Answering =
    [
        typeof(PredicateValidator<,>), typeof(NotEmptyValidator<,>), typeof(NotNullValidator<,>), typeof(EmptyValidator<,>),
        typeof(NullValidator<,>), typeof(MaximumLengthValidator<>), typeof(MinimumLengthValidator<>), typeof(LengthValidator<>),
        typeof(ExactLengthValidator<>), typeof(InclusiveBetweenValidator<,>), typeof(ExclusiveBetweenValidator<,>),
        typeof(EnumValidator<,>), typeof(EqualValidator<,>), typeof(NotEqualValidator<,>), typeof(LessThanValidator<,>),
        typeof(LessThanOrEqualValidator<,>), typeof(GreaterThanValidator<,>), typeof(GreaterThanOrEqualValidator<,>),
        typeof(RegularExpressionValidator<>),
    ];

    /// <summary>Commands of a type checked fully before its quick check is built: a process that sends a few pays no compilation.</summary>
    public const int BuildAfter = 100;

    /// <summary>
    /// A command's check (<see cref="For{T}"/>) as its declaration keeps it: false (the full path) for the first
    /// <see cref="BuildAfter"/> commands of the type, then built once (compiling the rules' expressions takes milliseconds).
    /// </summary>
    public static Func<IHubsCommand, bool> Of<TCommand>(IValidator<TCommand>? validator) where TCommand : IHubsCommand
    {
        var seen = 0;
        var built = new Lazy<Func<TCommand, bool>?>(() => For(validator));
        // The count is not exact under threads, nor need it be: it only delays the build.
        return c =>
        {
            if (seen < BuildAfter)
            {
                seen++;
                return false;
            }
            return built.Value is { } passes && passes((TCommand)c);
        };
    }

    /// <summary>
    /// Whether a command certainly passes <paramref name="validator"/>: true only if every property validator of every rule
    /// answers valid (a command with no validator always passes). Null when the validator cannot be read this way: then
    /// every command takes the full path.
    /// </summary>
    public static Func<T, bool>? For<T>(IValidator<T>? validator)
    {
        if (validator is null) return _ => true;
        // A validator that adds to FluentValidation's own run (PreValidate, Validate overridden) is not only its rules.
        if (validator is not AbstractValidator<T> || Overrides(validator.GetType(), "PreValidate") || Overrides(validator.GetType(), "Validate"))
            return null;
        var checks = new List<Func<ValidationContext<T>, bool>>();
        foreach (var rule in (IEnumerable<IValidationRule>)validator)
        {
            var property = rule.GetType().GetInterfaces()
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidationRule<,>))?.GetGenericArguments()[1];
            if (property is null || rule.Expression is not { } expression || expression.ReturnType != property
                || rule.DependentRules?.Any() == true || rule.HasAsyncCondition || rule.Components.Any(c => !Answers(c)))
                return null;
            var build = typeof(ShapeCheck).GetMethod(nameof(Rule), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(T), property);
            checks.Add((Func<ValidationContext<T>, bool>)build.Invoke(null, [rule, expression])!);
        }
        // A predicate may add failures of its own and answer true (FluentValidation's Custom is one): they land in the
        // context's failure list, which only FluentValidation's assembly may read. Read it here, or read no validator.
        if (typeof(ValidationContext<T>).GetProperty("Failures", BindingFlags.Instance | BindingFlags.NonPublic) is not { } failuresProperty
            || failuresProperty.PropertyType != typeof(List<ValidationFailure>))
            return null;
        var contextParameter = Expression.Parameter(typeof(ValidationContext<T>));
        var failures = Expression.Lambda<Func<ValidationContext<T>, List<ValidationFailure>>>(
            Expression.Property(contextParameter, failuresProperty), contextParameter).Compile();
        var all = checks.ToArray();
        return command =>
        {
            var context = new ValidationContext<T>(command, null, null);
            try
            {
                foreach (var check in all)
                    if (!check(context)) return false;
                return failures(context).Count == 0;
            }
            // A value a condition would have kept from its check (a null the When guards): the full path decides.
            catch (Exception) { return false; }
        };
    }

    private static bool Answers(IRuleComponent component) =>
        !component.HasAsyncCondition && component.Validator.GetType() is { IsGenericType: true } type
        && Answering.Contains(type.GetGenericTypeDefinition());

    private static bool Overrides(Type type, string method) =>
        type.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Any(m => m.Name == method && m.DeclaringType is { } declared
                && !(declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(AbstractValidator<>)));

    private static Func<ValidationContext<T>, bool> Rule<T, TProperty>(IValidationRule rule, LambdaExpression expression)
    {
        var read = ((Expression<Func<T, TProperty>>)expression).Compile();
        var validators = rule.Components.Select(c => (IPropertyValidator<T, TProperty>)c.Validator).ToArray();
        return context =>
        {
            var value = read(context.InstanceToValidate);
            foreach (var v in validators)
                if (!v.IsValid(context, value)) return false;
            return true;
        };
    }
}
