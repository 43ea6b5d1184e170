using CsCheck;
using FluentValidation;
using Hubs.EventSourcing.Commanding;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tests.Properties;

namespace Hubs.EventSourcing.Tests.Commanding;

/// <summary>
/// The quick shape check (<see cref="ShapeCheck"/>) only ever accepts: on generated hostile input for every command, a check
/// gives exactly the violations FluentValidation gives (<see cref="CommandRouting.ValidateFully"/>), and a command it
/// passes is one FluentValidation passes.
/// </summary>
public sealed class ShapeCheckTests
{
    public static TheoryData<string> Commands() => [.. CommandInputs.CommandTypes.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void a_command_is_refused_with_the_same_violations_as_fluent_validation_gives_and_accepted_only_when_it_accepts(string command)
    {
        var type = CommandInputs.CommandTypes.Single(t => t.Name == command);
        var (validator, passes) = (HubsModel.Current.Commands[type].Validator, HubsModel.Current.Commands[type].Passes);
        CommandInputs.For(type).Sample(c =>
        {
            Violations(() => CommandRouting.Validate(c)).ShouldBe(Violations(() => CommandRouting.ValidateFully(c)),
                $"{c} is checked as FluentValidation checks it");
            if (validator is not null && passes(c))
                validator.Validate(new ValidationContext<object>(c)).Errors.ShouldBeEmpty($"{c} passed the quick check, so FluentValidation must pass it");
        }, iter: CommandPropertyTests.InputsPerCommand);
    }

    [Fact]
    public void an_imported_command_s_validator_is_read_by_the_quick_check()
    {
        ShapeCheck.For(new RegisterRegionValidator()).ShouldNotBeNull("imports pay FluentValidation per row if it is not read");
        ShapeCheck.For(new ReportRdIntensityValidator()).ShouldNotBeNull("imports pay FluentValidation per row if it is not read");
        ShapeCheck.For(new ReviseRdIntensityValidator()).ShouldNotBeNull("imports pay FluentValidation per row if it is not read");
    }

    [Fact]
    public void a_declared_command_passes_the_quick_check_only_once_enough_of_its_type_were_checked_fully()
    {
        var passes = ShapeCheck.Of(new RegisterRegionValidator());
        var command = new RegisterRegion("beijing", "Beijing", RegionKind.Municipality);
        Enumerable.Range(0, ShapeCheck.BuildAfter).Select(_ => passes(command)).ShouldAllBe(p => !p, "the first commands of a type take the full path");
        passes(command).ShouldBeTrue("after them the quick check is built and passes a well-formed command");
    }

    [Fact]
    public void a_rule_that_adds_a_failure_while_answering_valid_keeps_a_command_from_passing()
    {
        var passes = ShapeCheck.For(new AddsItsOwnFailure()).ShouldNotBeNull("predicates are read");
        passes(new Probe("anything")).ShouldBeFalse("a Custom rule's failure is a failure, though its predicate answered valid");
    }

    [Fact]
    public void a_validator_with_a_child_validator_is_not_read()
    {
        ShapeCheck.For(new WithChild()).ShouldBeNull("a child validator adds failures of its own, so its parent takes the full path");
    }

    [Fact]
    public void a_validator_that_adds_to_fluent_validation_s_own_run_is_not_read()
    {
        ShapeCheck.For(new RefusesBeforeItsRules()).ShouldBeNull("PreValidate may refuse a command its rules would pass");
    }

    private static List<RuleViolation> Violations(Action validate)
    {
        try
        {
            validate();
            return [];
        }
        catch (CommandRejectedException ex) { return [.. ex.Violations]; }
    }

    private sealed record Probe(string Text);

    private sealed class AddsItsOwnFailure : AbstractValidator<Probe>
    {
        public AddsItsOwnFailure() => RuleFor(p => p.Text).Custom((text, context) => context.AddFailure("Text", "refused by its own rule"));
    }

    private sealed class RefusesBeforeItsRules : AbstractValidator<Probe>
    {
        public RefusesBeforeItsRules() => RuleFor(p => p.Text).NotEmpty();

        protected override bool PreValidate(ValidationContext<Probe> context, FluentValidation.Results.ValidationResult result)
        {
            result.Errors.Add(new FluentValidation.Results.ValidationFailure("Text", "refused before the rules"));
            return false;
        }
    }

    private sealed class WithChild : AbstractValidator<Probe>
    {
        public WithChild() => RuleFor(p => p).SetValidator(new AddsItsOwnFailure());
    }
}
