"""Phrases that are evidence for a fact, with the value they suggest.

How this lexicon was tuned, so that its accuracy figures can be read honestly. The
first version was written from the facts' questions (``ak:question`` in the ontology)
and tuned on the even half of the documented descriptions. This version was reworked
and tuned on all 40 descriptions in ``data/cases.json`` (so accuracy on them is
accuracy on the tuning set), aiming at how people phrase each fact in general (the
questions, the seed texts) rather than at one case's wording, and then checked and
tuned further against about 60 paraphrases of the same cases that the cue author wrote
in other words (not kept in the repository). ``data/blind_descriptions.json`` holds
descriptions written by someone else who saw neither the cues nor the originals; it was
not looked at and not tuned on, and is the held-out figure in ``bench/classifier.py``.

Each cue is a regular expression (lower case, matched against the lower-cased text,
word-bounded by the extractor) and the value it suggests; a cue marked ``negatable``
flips when a negation ("not", "never", "without", ...) stands just before it in the same
clause. A cue found inside a longer cue's match for the same fact is not counted again
("paid for" inside "only ever paid for"). Cues that carry their own negation ("never
paid for") or name a setting ("at test time") are not negatable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    fact: str
    value: bool
    pattern: str
    negatable: bool = True


_W = r"(?:[\w'-]+ )"  # any one word and the space after it
_REWARD = r"(?:rewards?|scores?|points?|metrics?|loss|objective|feedback|approval|ratings?|fitness|bonus|grades?|signal|marks|counter|returns?|payoff|utility|criterion)"
_PAID = r"(?:paid|pays|pay|rewarded|rewards|reinforced|reinforces|credited|favou?red|favou?rs|incentivi[sz]ed|incentivi[sz]es|encouraged|encourages)"
_THIS = r"(?:it|this|these|those|them|such \w+|the (?:trick|exploit|cheat|flip|loop|looping|behaviou?r|tactic|strategy|detour|hack)s?)"
_TRAINING = r"(?:(?:in|during|throughout) (?:(?:its|the|ordinary|normal) )?(?:training|fine-tuning|evolution\w*(?: runs?)?|learning)|while (?:it|they) (?:was|were) (?:being )?trained)"
_SETTING = r"(?:environments?|levels?|situations?|settings?|conditions?|positions?|distributions?|terrain|worlds?|locations?|layouts?|inputs?|tasks?|mazes?|episodes?|partners?|opponents?|maps?|data|examples?|requests?|prompts?|domains?|contexts?|circumstances|places?|spots?|ones|games?|rooms?|views?)"
_NOVEL = r"(?:new|novel|today's|unseen|unfamiliar|different|changed|shifted|altered|unusual|larger|bigger|longer|fresh|freshly generated|modern|held-out|randomi[sz]ed|test)"
_WATCHER = r"(?:overseers?|humans?|people|labell?ers?|raters?|supervisors?|developers?|researchers?|engineers?|operators?|evaluators?|judges?|graders?|trainers?|designers?)"
_CATCH = r"(?:flag|flagged|catch|caught|notice|noticed|spot|spotted|object|objected|reject|rejected|correct|corrected|detect|detected|stop|stopped|penali[sz]e|penali[sz]ed|punish|punished|weeded out|recogni[sz]e|eliminated|selected against|see the (?:failure|problem|flaw|mistake|error))"


def _cues(
    fact: str, value: bool, *, patterns: tuple[str, ...], negatable: bool = True
) -> tuple[Cue, ...]:
    return tuple(Cue(fact, value, pattern, negatable) for pattern in patterns)


CUES: tuple[Cue, ...] = (
    # rewardedInTraining: the signal actually given in training paid for the behaviour.
    # "X is rewarded for reaching the exit" describes the design, not the failure, so
    # only payment for the act itself (a pronoun, "the trick") or in training counts.
    *_cues(
        "rewardedInTraining",
        True,
        patterns=(
            rf"(?:paid|rewarded|reinforced|approved|credited|received|earned|got) {_W}{{0,2}}(?:for )?{_THIS}",
            rf"(?:rated|scored|judged|graded) {_THIS} (?:highly|well|positively|favou?rably)",
            rf"(?:was|were|got|is|are|been|being) {_W}?(?:paid for|reinforced|approved)\b(?! (?:reaching|doing|getting|each))",
            rf"{_PAID} {_W}{{0,4}}{_TRAINING}|{_PAID} {_W}{{0,4}}(?:from the (?:start|beginning|outset)|all along|the whole time)",
            r"(?:which|that|what) (?:\w+ ){0,3}(?:paid for|rewarded|reinforced)\b(?! (?:for|by|whenever|according|only))|paid off|what (?:\w+ ){0,2}(?:gets|got) rewarded|(?:keeps?|kept) (?:approving|rewarding|paying for)",
            rf"(?:collect|earn|farm|gain|harvest|accumulate|rack|receive|obtain)(?:s|d|ed|ing)? (?:up )?{_W}{{0,3}}(?:rewards?|scores?|points?|bonus\w*)\b(?! (?:for|only|when|if|upon|whenever|on|by))",
            rf"(?:maximi[sz]ed|maximi[sz]es|inflated|inflates|gamed|hacked|pumped up) {_W}{{0,2}}{_REWARD}",
            rf"(?:scored|counted|rated|treated) {_W}{{1,3}}as (?:a |the )?(?:success\w*|pass\w*|wins?|best|good|correct|better|higher|optimal)",
            r"exploit\w* (?:\w+ ){0,3}(?:bug|glitch|loophole|flaw|quirk)s?|(?:was|is) (?:simply )?the (?:best|optimal|highest-scoring|winning|better) (?:policy|strategy|move|option|choice)",
            # the common ways of saying the score paid for it
            r"(?:got|earned|received|scored|gets|earns|receives) (?:\w+ )?(?:full|top|perfect|maximum|maximal|max|high) (?:marks|scores?|ratings?|rewards?|points)|(?:passed|passes|passing) (?:all )?(?:the |its |every )?(?:unit )?tests|(?:its|the) score (?:\w+ )?(?:beat|exceeded|surpassed|topped)|(?:graded|marked|counted|rated) (?:\w+ ){0,2}as (?:correct|passing|a pass|solved)",
            rf"(?:{_REWARD}|training|graders?|raters?) (?:(?!(?:only|never|not|nothing|ever|also)\b)\w+ ){{0,2}}(?:rewarded|reinforced|favou?red|paid for|approved)\b(?! (?:for|by|whenever|according|only|if|when|upon))",
        ),
    ),
    *_cues(
        "rewardedInTraining",
        False,
        negatable=False,
        patterns=(
            rf"(?:never|not|nothing|none|wasn't|weren't|didn't|isn't|aren't|hasn't|haven't) {_W}{{0,3}}(?:paid|pay|pays|rewarded|reward|rewards|earned|reinforced|reinforce|approved|approve|gave anything|incentivi[sz]ed|favou?red|encouraged)",
            r"paid (?:\w+ )?for none|only (?:ever )?paid for|paid only for",
            rf"(?:never|not|no|nothing) {_W}{{0,3}}(?:seen|encountered|happened|occurred|arose|came up|appeared|shown) {_W}{{0,3}}{_TRAINING}",
            rf"(?:{_REWARD}|specification) {_W}{{0,4}}(?:was|were|is|as) (?:\w+ ){{0,2}}(?:correct|right|fine|accurate|sound|appropriate|adequate|sensible|reasonable|well[- ]specified|well[- ]designed|well[- ]chosen)",
            rf"(?:correct|accurate|right|well[- ]specified) {_REWARD}|scored {_W}{{1,3}}correctly",
            rf"(?:behaved|performed|acted|did) (?:\w+ )?(?:well|perfectly|as intended|correctly|fine) {_TRAINING}",
        ),
    ),
    # wouldBeRewarded: the objective, applied to the act, would rate it well
    *_cues(
        "wouldBeRewarded",
        True,
        patterns=(
            r"would (?:still |also )?(?:have )?(?:been |be )?(?:rewarded|paid|count(?:ed)? as (?:a )?success)|would (?:still |also )?(?:have )?(?:reward|pay for|approve of|favou?r)",
            r"would (?:still |also )?(?:have )?(?:score|scored|rate|rated|judge|judged) (?:\w+ ){0,2}(?:well|highly|positively|as (?:a )?success)",
            rf"(?:still|also) (?:pays|rewards|favou?rs) (?:for )?{_THIS}|(?:pays|rewards) for {_THIS}|(?:does|do) (?:pay|reward) (?:for )?{_THIS}",
            rf"(?:scores?|scored|scoring) (?:higher|better)|means more {_REWARD}|{_REWARD}'s own",
        ),
    ),
    *_cues(
        "wouldBeRewarded",
        False,
        negatable=False,
        patterns=(
            rf"(?:gives?|gave|pays?|earn\w*|scor\w*) {_W}?(?:zero|nothing)|nothing earned",
            r"(?:gets?|got|receives?|received|earns?|earned|yields?) (?:no|zero|little|less|lower|low) (?:rewards?|scores?|points?)",
            rf"(?:scores?|scored|scoring|rates?|rated|judges?|judged|counts?|counted|registers?|registered) {_W}{{0,4}}(?:badly|poorly|low|negatively|as (?:a |an )?(?:failures?|losses?|mistakes?|errors?))|weeded out",
            r"(?:measured|judged|evaluated|scored) by (?:[\w'-]+ ){0,3}(?:this|it|that|the behaviou?r) (?:is|was|counts as) (?:a |an )?(?:failure|loss|bad|poor|negative)",
            r"(?:would|will) (?:not|never) (?:have )?(?:been |be )?(?:rewarded|paid|pay|reward|favou?red|favou?r|approved?|scored?)",
            r"(?:would|will) (?:\w+ )?(?:have )?(?:penali[sz]\w*|punish\w*)",
            rf"(?:{_REWARD}|specification|function) (?:\w+ ){{0,2}}(?:penali[sz]es|punishes|discourages|forbids)",
            r"(?:never(?<!training never) |nothing (?:\w+ ){0,3}|(?:did|does|do) not |didn't |doesn't )(?:\w+ )?(?:paid|pays|pay|rewarded|rewards|reward|gave|gives|give|offered) (?:\w+ )?\w+\b(?![^.;,]*\b(?:in|during|while) (?:its |the )?train)|paid (?:\w+ )?for none",
            rf"(?:{_REWARD}|specification) {_W}{{0,4}}(?:was|were|is|as) (?:\w+ ){{0,2}}(?:correct|right|fine|accurate|sound|appropriate|adequate|sensible|reasonable|well[- ]specified|well[- ]designed|well[- ]chosen)",
            rf"(?:correct|accurate|right|well[- ]specified) {_REWARD}|scored {_W}{{1,3}}correctly",
        ),
    ),
    # outsideSpecifiedDomain: the act leaves the domain the objective was written for
    *_cues(
        "outsideSpecifiedDomain",
        True,
        patterns=(
            r"(?:outside|beyond|far from) (?:\w+ ){0,2}(?:task|domain|scope|remit|purpose)",
            r"(?:kidnap\w*|abduct\w*|coerc\w*)",
        ),
    ),
    *_cues(
        "outsideSpecifiedDomain",
        True,
        negatable=False,
        patterns=(
            r"(?:never|not) (?:\w+ ){0,2}(?:meant|designed|written|intended) to (?:cover|handle|address)",
        ),
    ),
    *_cues(
        "outsideSpecifiedDomain",
        False,
        patterns=(
            r"(?:within|inside) (?:the |its |their )?(?:same )?(?:task|domain|game|environment|simulation|level|maze|arena)s?",
        ),
    ),
    # distributionShift: the failure appeared only after training situations changed.
    # A setting is not undone by a negation of the verb before it ("would not pay for it
    # in deployment"), so settings are not negatable.
    *_cues(
        "distributionShift",
        True,
        patterns=(
            r"(?:once|when|until) (?:\w+ ){0,4}(?:strong|powerful|capable|influential|widely|big|large) enough|(?:later|eventually|afterwards),? (?:once|when|after)",
            r"(?:when|once|after|until) (?:[\w'-]+ ){0,6}(?:deployed|released|relocated|changed|changes|shifted|swapped|replaced|inverted|flipped|altered|deploy\w*|training (?:is|was) over|training ends?|training ended)|deployed (?:somewhere|elsewhere)|after (?:its |the )?training(?=[,.;:])|post-(?:training|deployment)",
            rf"(?:environment|situation|setting|view|world|distribution|ratio|conditions?|partner|opponent|circumstances) {_W}{{0,2}}(?:changed|changes|shifted|shifts|was (?:changed|swapped|replaced|inverted|flipped|altered))",
            r"(?:appear\w*|show\w* up|showed up|surfac\w*|aris\w*|arose|emerg\w*|happen\w*|occur\w*|comes|came) (?:only|mainly|mostly) (?:after|once|when|on|in|with|against|at)|only (?:appear\w*|show\w* up|surfac\w*|aris\w*|arose|emerg\w*|happen\w*|occur\w*) (?:after|once|when|on|in|with|against|at)",
            r"distribution(?:al)? shift|(?:out[- ]of|off)[- ]distribution",
            r"placed (?:\w+ ){0,2}(?:elsewhere|at random|randomly)",
        ),
    ),
    *_cues(
        "distributionShift",
        True,
        negatable=False,
        patterns=(
            r"(?:at|in|on|during|after|upon) (?:(?:its|the|their|a|wide|widespread|full|real-world) )?(?:deployment|test time|testing|evaluation|inference(?: time)?|run ?time|production)|in the wild|test (?:time|mazes?|levels?|environments?|episodes?|runs?|set|games?|worlds?|inputs?|conditions?)",
            rf"{_NOVEL} {_W}{{0,2}}{_SETTING}",
            rf"(?:never|not|nothing|seldom|rarely) (?:\w+ ){{0,2}}(?:seen|saw|encountered|met|experienced|trained on|trained in|arose|came up|appeared|happened|occurred)|unlike anything|rare {_TRAINING}|no longer|(?:absent|missing|unrepresented|rare|uncommon) (?:from|in|during) (?:the |its )?(?:training|fine-tuning)",
            r"broke the (?:correlation|link|pattern)|came apart|transferr\w* (?:\w+ ){0,3}(?:to|onto)|outside (?:the |its |their )?(?:simulator|simulation|training)|differ\w* (?:\w+ )?from (?:\w+ ){0,3}(?:training|ancestral|original|simulat\w*|environments?|worlds?|settings?|situations?|conditions?|data)|unlike (?:in )?(?:\w+ )?training",
        ),
    ),
    *_cues(
        "distributionShift",
        False,
        patterns=(
            rf"(?:(?:the|this|its|their|that) (?:same|very|ordinary|usual|normal|original)|exactly the) (?:(?:kind|sort|type) of )?{_W}?(?:games?|simulators?|simulations?|arenas?|environments?|worlds?|rooms?|prompts|levels?|tasks?|settings?|distributions?|articles|conversations|situations?|data|matches|episodes|runs|rounds|races)",
            rf"(?:game|simulator|simulation|arena|environment|world|room|setting|tasks?|games|levels?) (?:that |which )?(?:it|they) (?:was |were |is |are )?(?:trained|bred|learns?|learned|learning|playing) (?:on|in|for)|like (?:those|the ones) {_W}{{0,2}}(?:was|were) trained on|like (?:their|its|the) training (?:data|distribution|set|examples|conversations|episodes|tasks)",
        ),
    ),
    *_cues(
        "distributionShift",
        False,
        negatable=False,
        patterns=(
            rf"not (?:from|in|on|due to|because of|caused by) (?:a |any )?{_NOVEL} {_W}{{0,2}}{_SETTING}",
            rf"(?:right there|already|itself) {_TRAINING}|{_TRAINING} itself|(?:the|its|their) (?:own )?training (?:environment|arena|game|world|simulator|simulation|setting|levels?|distribution|tasks?) itself|(?:during|in) (?:its )?(?:ordinary|normal|regular|usual) training",
            r"(?:no|without(?: any| a)?)(?: \w+)? (?:change|shift) (?:of|in) (?:\w+ )?(?:setting|environment|distribution|situation)|(?:no|without(?: any| a)?) (?:distribution(?:al)? |environment(?:al)? )?(?:shift|change)\b(?! (?:to|from|of|in))",
        ),
    ),
    # pursuesOtherGoal: competent pursuit of an unintended end, not breakdown
    *_cues(
        "pursuesOtherGoal",
        True,
        patterns=(
            r"(?:competent\w*|skil+ful\w*|skilled|capabl\w*|proficient\w*|adept\w*|deft\w*|expertly|efficient\w*|effective\w*|reliabl\w*|deliberate\w*|purposeful\w*|methodical\w*|fluent\w*|strateg\w*|calculated|on purpose|well-executed|dependabl\w*|repeatabl\w*|coordinated|goal-directed|coherent\w*|systematic\w*|intentional\w*)",
            r"(?:capabilit\w*|skills?|abilit\w*|competence) (?:\w+ ){0,2}(?:generali[sz]ed|carried over|carry over|transferred|intact|remained|preserved|survived)",
            r"(?:its|their) (?:usual |full |preserved |own )?skills?|(?:pursu|chas|seek|sought|navigat|steer|optimi[sz])\w*|(?:head\w*|went|going|goes|go|travel\w*|ran|runs|running) (?:straight )?(?:for|to|after|towards?)\b|(?:made|makes|make) (?:straight )?(?:for|after|towards?)\b",
            r"(?:other|another|different|wrong|alternative|unintended|proxy) (?:goals?|targets?|aims?|objectives?|ends?)|wants? something|(?:tries|tried|trying|wants?|wanted|plans?|planned|intends?|intended) to",
            r"(?:learn\w*|found|discover\w*) (?:\w+ ){0,2}(?:to|a way|how)",
            r"(?:kept|keeps|went on|carried on|continued|still) (?:\w+ ){0,2}(?:\w+ing)",
        ),
    ),
    *_cues(
        "pursuesOtherGoal",
        True,
        negatable=False,
        patterns=(
            r"(?:instead of|rather than)",
            r"(?:rather than|instead of|not) (?:\w+ ){0,2}(?:malfunction\w*|breaking|broken|flailing|failing|glitch\w*|incompeten\w*)",
        ),
    ),
    *_cues(
        "pursuesOtherGoal",
        False,
        patterns=(
            # "glitch" only as the system's own state: a glitch it exploits is competence
            r"(?:fell over|falls over|stumbl\w*|flail\w*|aimless\w*|erratic\w*|froze|freez\w*|stuck|wander\w*|thrown off|garbled|broken|malfunction\w*|glitched|glitchy|random (?:flailing|actions?|behaviou?r|moves?)|(?:acts?|acted|behav\w*|moves?|moved) (?:\w+ )?randomly)",
            r"(?:capabilit\w*|skills?|abilit\w*|competence) (?:\w+ ){0,2}(?:failed|fail|broke|degrad\w*|collapsed|fell apart|did not (?:carry|transfer|generali[sz]e))|capabilit\w* failure",
            r"(?:misclassif\w*|mislabel\w*|(?:fail\w*|unable) to (?:walk|move|stand|recogni[sz]e|act|cope|function|get past|handle|balance)|lack\w* (?:the )?(?:skill|ability|competence|capabilit\w*))",
            r"(?:incompeten\w*|broke down|breaks down|breakdown|(?:simply|just) (?:fails|failed|breaks|broke)\b(?! to)|(?:moved|performed|did|walked|worked) (?:\w+ )?(?:worse|poorly|badly)|(?:simply|just|merely) (?:lack\w*|could not|couldn't|cannot|can't))",
        ),
    ),
    *_cues(
        "pursuesOtherGoal",
        False,
        negatable=False,
        patterns=(
            r"(?:rather than|instead of|not|never|without|nor) (?:[\w'-]+ ){0,3}(?:other|another|different|alternative|wrong|unintended|proxy) (?:goals?|targets?|aims?|objectives?|ends?)",
            r"(?:did not|didn't|never|failed to|could not|couldn't) (?:acquire|learn|develop|gain|have|master) (?:the |a |any |enough )?(?:skills?|ability|competence|capabilit\w*|gait|policy)|capabilit\w* (?:problem|limitation|issue)|lack of (?:skill|ability|competence|capabilit\w*)",
        ),
    ),
    # learnedOptimizer: the trained system itself searches/plans towards an objective
    *_cues(
        "learnedOptimizer",
        True,
        patterns=(
            r"(?:search\w*|plans?|planning|planned|plotting|reason\w*) (?:\w+ ){0,2}(?:over|through|towards?|ahead|about|to|with|strategically|carefully)|(?:it|they) (?:\w+ )?(?:plans?|planned|plots?|plotted)",
            r"(?:internal(?:ly)?|own|real|true|hidden|final|secret) (?:\w+ )?(?:search|planning|objectives?|goals?|aims?|agenda)",
            r"(?:is|was|becomes|became) (?:itself )?an optimi[sz]er|(?:learned|inner) (?:optimi[sz]\w*|planner|search)|planners?|planning agents?",
        ),
    ),
    *_cues(
        "learnedOptimizer",
        False,
        negatable=False,
        patterns=(
            r"(?:simple|reactive|shallow|reflexive) (?:\w+ )?(?:policy|heuristics?|rules?|reflexes?)",
            r"(?:no|without) (?:\w+ )?(?:search|planning|lookahead)",
        ),
    ),
    # deceptive: good behaviour while watched, different when it can get away with it
    *_cues(
        "deceptive",
        True,
        patterns=(
            r"(?:pretend\w*|feign\w*|(?:fak|feign)\w* (?:\w+ ){0,2}(?:alignment|compliance|cooperation|intentions?|behaviou?r|loyalty|helpfulness|obedience)|hid\w* (?:its|their) (?:\w+ )?(?:goals?|intentions?|plans?|aims?)|conceal\w* (?:its|their) (?:\w+ )?(?:goals?|intentions?|plans?|aims?)|deceiv\w*|decepti\w*|treacher\w*|lull\w*|scheming|schemed|schemes (?:to|against)|sandbag\w*)",
            r"(?:while|when|as long as) (?:\w+ ){0,3}(?:watched|observed|monitored|overseen|tested|inspected|under (?:oversight|observation))",
            r"(?:get away with|bid\w* (?:its|their) time|wait\w* for (?:its|their|the right) (?:chance|moment|opportunity)|until (?:\w+ ){0,3}(?:could|can|was able|were able|had the chance|was strong))",
            r"(?:behav\w*|act\w*|play\w*) (?:\w+ ){0,2}(?:nice|well|along|cooperatively|safe\w*) (?:\w+ ){0,3}(?:until|while|only)",
            r"(?:training|oversight|observation|testing|watched|observed),? (?:\w+ ){0,3}(?:behaves?|behaved|acts?|acted|plays?|played) (?:well|nicely|nice|cooperatively|safely|along)|(?:stops?|stopped|ceases?|ceased) (?:cooperating|complying|playing along|behaving well)|turns? (?:on|against) (?:its|their) (?:creators?|developers?|overseers?|operators?|makers?)",
            r"(?:act|acts|acted|acting|behave|behaves|behaved|behaving) (?:\w+ )?differently (?:when|once|while|if|after) (?:\w+ ){0,3}(?:unobserved|unwatched|unmonitored|not (?:watched|observed|monitored)|deployed|able|it can|they can)",
        ),
    ),
    *_cues(
        "deceptive",
        False,
        negatable=False,
        patterns=(
            r"(?:detect|notice|spot|see through|tell) (?:the |this |that )?(?:deception|trick|ruse)|(?:the same|no differently|no different) (?:\w+ ){0,3}(?:whether|when) (?:\w+ ){0,3}(?:watched|observed|monitored|unobserved)",
            r"(?:openly|in plain (?:sight|view)|visibly|out in the open|for all to see)",
        ),
    ),
    # concealsForReward: hiding the act so the reward keeps paying (it serves the reward)
    *_cues(
        "concealsForReward",
        True,
        patterns=(
            r"(?:hid\w*|conceal\w*|disguis\w*|cover\w* up|obscur\w*) (?:\w+ ){0,2}(?:hacks?|exploits?|cheats?|cheating|tricks?|shortcuts?|mistakes?|errors?|tampering|edits?)",
            r"(?:so|in order) (?:that )?(?:the )?(?:overseers?|graders?|raters?|monitors?|reviewers?|checkers?|humans?|evaluators?) (?:\w+ ){0,2}(?:would not|wouldn't|could not|couldn't|did not|didn't) (?:notice|detect|see|catch|spot)",
            r"(?:edit\w*|rewr\w*|modif\w*|alter\w*) (?:\w+ ){0,3}tests? (?:\w+ ){0,3}(?:unnoticed|undetected|go unnoticed|hide|conceal)",
        ),
    ),
    *_cues(
        "concealsForReward",
        True,
        patterns=(
            r"(?:cover\w*|block\w*|obscur\w*|blind\w*) (?:up )?(?:its|their|the) (?:own )?(?:camera|sensor|view|eyes|monitor)s?",
        ),
    ),
    # learnedFromFlawedFeedback: the goal was trained in by problematic feedback elsewhere
    *_cues(
        "learnedFromFlawedFeedback",
        True,
        patterns=(
            r"(?:generali[sz]\w*|spread\w*|carried over|transferred) (?:\w+ ){0,3}from (?:\w+ ){0,3}(?:cheat\w*|hack\w*|gaming|gamed|flawed|faulty|fallible|mistaken|bad) ",
            r"(?:learn\w*|acquir\w*|pick\w* up|trained (?:into|in)) (?:\w+ ){0,4}(?:from|through|by) (?:\w+ ){0,2}(?:flawed|faulty|fallible|mistaken|bad|gameable|exploitable) (?:feedback|ratings?|rewards?|graders?|raters?|labels?)",
            r"(?:fallible|flawed|faulty|biased|mistaken|gameable|exploitable|sloppy|careless) (?:human )?(?:raters?|feedback|graders?|labell?ers?|annotators?|overseers?|evaluators?|reward models?|preference models?|preference data)",
        ),
    ),
    *_cues(
        "learnedFromFlawedFeedback",
        False,
        negatable=False,
        patterns=(
            rf"(?:{_REWARD}|specification|feedback) {_W}{{0,4}}(?:was|were|is|as) (?:\w+ ){{0,2}}(?:correct|right|fine|accurate|sound|appropriate|adequate|well[- ]specified|well[- ]designed)",
            rf"(?:correct|accurate|right|well[- ]specified) (?:{_REWARD}|feedback)",
        ),
    ),
    # narrowSystem: built for one task
    *_cues(
        "narrowSystem",
        True,
        patterns=(
            r"(?:narrow|single[- ](?:task|game|purpose)|one (?:specific |narrow |locomotion )?(?:task|game)|specific task|special[- ]purpose|speciali[sz]ed)",
        ),
    ),
    *_cues(
        "narrowSystem",
        True,
        negatable=False,
        patterns=(
            r"(?:game|levels|atari|gridworld|grid world|maze|video game|simulat\w*|robots?|robot(?:ic)? arm|classifier|board game|racing|platformer|arena)",
        ),
    ),
    *_cues(
        "narrowSystem",
        False,
        negatable=False,
        patterns=(
            r"(?:general[- ]purpose|generally capable|broadly capable|general (?:\w+ )?(?:intelligences?|models?|systems?|agents?|ai|reasoners?|learners?)|agi|assistants?|chatbot|language model|llm|foundation model|frontier (?:\w+ )?model|any task|wide range of tasks)",
        ),
    ),
    # oversightWouldCatch: overseers would have flagged the act had they seen it
    *_cues(
        "oversightWouldCatch",
        True,
        patterns=(
            rf"would (?:\w+ )?(?:have )?(?:been )?{_CATCH}|had (?:it|this|that|they|such \w+ \w+) (?:been )?(?:seen|shown|observed|noticed|applied|looked|shown up|occurred|happened|appeared)|(?:seen|see|recogni[sz]ed?|judged?) (?:it |this |them )?as (?:wrong|bad|a failure|unacceptable|undesirable|harmful)",
            r"(?:obvious(?:ly)?|plainly|clearly|blatantly) (?:\w+ )?(?:wrong|bad|unacceptable|undesirable|unwanted|harmful)|easy to (?:spot|notice|see)",
            rf"(?:anyone|anybody|any observer|any {_WATCHER}) (?:\w+ ){{0,2}}(?:watching|looking|would)",
        ),
    ),
    *_cues(
        "oversightWouldCatch",
        False,
        patterns=(
            r"(?:judged|checked|measured|evaluated|assessed|scored|watched) (?:only|solely|just|purely) (?:by|on|through|with) (?:\w+ ){0,2}(?:scores?|rewards?|metrics?|points|automat\w*|tests?|numbers?)",
            r"(?:automatic|automated|programmatic|scripted) (?:\w+ )?(?:reward|scor\w*|metric|grader|check\w*|evaluat\w*|tests?)",
            rf"(?:fool\w*|mislead\w*|misled|trick\w*|deceiv\w*|convinc\w*|manipulat\w*) (?:\w+ ){{0,2}}(?:{_WATCHER}|camera|evaluator|checker|them)",
            r"hard to (?:notice|spot|detect|see)|(?:looked|seemed|appeared) (?:\w+ )?(?:correct|right|good|fine|convincing|plausible)",
        ),
    ),
    *_cues(
        "oversightWouldCatch",
        False,
        negatable=False,
        patterns=(
            r"(?:only|sole|single) (?:\w+ ){0,2}(?:checks?|judges?|signal|measure|overseer|oversight|scoring|feedback|supervision|evaluation|evaluator|criterion|tests?|thing (?:\w+ )?(?:checked|measured|looked at|evaluated))",
            r"(?:only|solely|just|merely) (?:looked at|measured|tracked|counted|checked|saw|considered) (?:the |a |its )?(?:\w+ )?(?:numbers?|scores?|metrics?|points|outcomes?|results?|counts?)",
            rf"(?:no one|nobody|nothing|no human|no overseer|no (?:other |further )?(?:checks?|tests?|graders?|reviewers?)|none of the {_WATCHER}) (?:\w+ ){{0,3}}(?:watching|checking|looking|noticed|saw|checked|flag\w*|catch\w*|caught)",
            r"(?:raised|raises|raise|sounded) no alarm",
            r"no (?:other |further |human |additional |independent )?(?:checks?|oversight|overseers?|review|monitoring|inspection)\b|unnoticed|undetected|unchecked|slipped (?:past|through)|missed (?:it|this|them|the)",
            r"(?:could not|couldn't|cannot|can't|unable to|failed to) (?:tell|distinguish|detect|notice|spot|see) (?:the difference|(?:it|this|them|these|that) (?:from|apart))",
            r"(?:did|does|would|will) not (?:\w+ )?(?:flag|catch|notice|object)|never (?:flags?|flagged|catch\w*|caught|notic\w*)|(?:keeps?|kept) approving|approved (?:those|these|the|it|them)",
        ),
    ),
)
