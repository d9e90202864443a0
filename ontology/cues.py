"""Phrases that are evidence for a fact, with the value they suggest.

Written from the facts' questions (``ak:question`` in the ontology), not from the
documented cases, so that the text path's accuracy on those cases means something.
Each cue is a regular expression (case-insensitive, word-bounded by the extractor) and
the value it suggests; a cue marked ``negatable`` flips when a negation ("not", "never",
"without", ...) stands just before it in the same clause.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    fact: str
    value: bool
    pattern: str
    negatable: bool = True


_REWARD = r"(?:reward|score|points?|metric|loss|objective|feedback|approval|ratings?)"
_TRAINING = r"(?:in|during|throughout) (?:training|its training|the training (?:runs?|episodes?))"
_SHIFTED = r"(?:new|novel|unseen|unfamiliar|different|changed|shifted|randomi[sz]ed|moved)"
_SETTING = r"(?:environments?|levels?|situations?|settings?|conditions?|positions?|distributions?|terrain|worlds?|locations?|layouts?|inputs?|tasks?)"
_WATCHER = r"(?:overseers?|humans?|people|labell?ers?|raters?|supervisors?|developers?|researchers?|engineers?|operators?|evaluators?|judges?|graders?)"

CUES: tuple[Cue, ...] = (
    # rewardedInTraining: the signal actually given in training paid for the behaviour
    Cue(
        "rewardedInTraining",
        True,
        r"(?:was|were|got|being|is|are) (?:highly |well |generously )?(?:rewarded|paid|scored)",
    ),
    Cue(
        "rewardedInTraining",
        True,
        rf"(?:earn|earned|earns|earning|collect|collected|collects|rack(?:ed)? up|accumulat\w*|farm\w*|gain\w*) (?:\w+ ){{0,3}}(?:{_REWARD}|high scores?)",
    ),
    Cue(
        "rewardedInTraining",
        True,
        rf"(?:{_REWARD}) (?:\w+ ){{0,3}}(?:went up|increased|rose|kept (?:rising|climbing)|paid (?:out )?for|favou?red|counted)",
    ),
    Cue("rewardedInTraining", True, r"exploit\w* (?:\w+ ){0,3}(?:bug|glitch|loophole|flaw|quirk)"),
    Cue(
        "rewardedInTraining",
        True,
        r"(?:paid|pays) (?:\w+ ){0,3}(?:for|off)|(?:was|were|is|are|gets|got) (?:\w+ ){0,2}(?:rewarded|paid for)",
    ),
    Cue(
        "rewardedInTraining",
        True,
        r"rewarded (?:\w+ ){0,2}(?:directly|handsomely|generously)|(?:what|which) (?:\w+ ){0,2}(?:gets|got) rewarded",
    ),
    Cue(
        "rewardedInTraining",
        True,
        rf"(?:maximi[sz]\w*|optimi[sz]\w*|inflat\w*|gam\w*) (?:\w+ ){{0,3}}(?:{_REWARD})",
    ),
    Cue("rewardedInTraining", True, rf"(?:higher|high|top|perfect|better) (?:{_REWARD}|scores?)"),
    Cue(
        "rewardedInTraining",
        False,
        rf"(?:{_REWARD}|specification) (?:\w+ ){{0,4}}(?:was|were|is) (?:\w+ )?(?:correct|right|accurate|sound|well[- ]specified|exactly what (?:\w+ ){{0,3}}wanted)",
        negatable=False,
    ),
    Cue(
        "rewardedInTraining",
        False,
        rf"(?:correct|accurate|right|well[- ]specified) (?:{_REWARD}|specification|reward function)",
        negatable=False,
    ),
    Cue(
        "rewardedInTraining",
        False,
        rf"(?:never|not|no) (?:\w+ ){{0,3}}(?:seen|encountered|happened|occurred|arose|came up|rewarded|shown) (?:\w+ ){{0,2}}{_TRAINING}",
        negatable=False,
    ),
    Cue(
        "rewardedInTraining",
        False,
        rf"(?:behaved|performed|acted|did) (?:\w+ )?(?:well|perfectly|as intended|correctly|fine) {_TRAINING}",
        negatable=False,
    ),
    # wouldBeRewarded: the objective, applied to the act, would rate it well
    Cue(
        "wouldBeRewarded",
        True,
        r"would (?:still )?(?:have )?(?:been |be )?(?:rewarded|paid|scored? (?:well|highly)|count(?:ed)? as (?:a )?success)",
    ),
    Cue(
        "wouldBeRewarded",
        True,
        rf"(?:{_REWARD}) (?:\w+ ){{0,3}}(?:still |also )?(?:rewards|favou?rs|pays for|counts)",
    ),
    Cue("wouldBeRewarded", True, r"(?:score|scored|scoring) higher"),
    Cue("wouldBeRewarded", True, r"would (?:\w+ ){0,2}(?:pay|reward|approve|favou?r)"),
    Cue(
        "wouldBeRewarded",
        False,
        r"(?:gives?|pays?|earn\w*|scor\w*) (?:\w+ )?(?:zero|nothing)|nothing earned",
        negatable=False,
    ),
    Cue(
        "wouldBeRewarded",
        False,
        r"(?:scores?|scored|rates?|rated) (?:\w+ )?(?:badly|poorly|low)|weeded out",
        negatable=False,
    ),
    Cue(
        "wouldBeRewarded",
        False,
        r"(?:would|will) (?:not|never) (?:have )?(?:been |be )?(?:rewarded|paid|scored?)",
        negatable=False,
    ),
    Cue(
        "wouldBeRewarded", False, rf"(?:no|zero|without (?:any )?) ?(?:{_REWARD})", negatable=False
    ),
    Cue(
        "wouldBeRewarded",
        False,
        rf"(?:penali[sz]\w*|punish\w*|los(?:es|t|ing) (?:\w+ ){{0,2}}(?:{_REWARD}))",
    ),
    Cue(
        "wouldBeRewarded",
        False,
        rf"(?:{_REWARD}|specification) (?:\w+ ){{0,4}}(?:was|were|is) (?:\w+ )?(?:correct|right|accurate|sound|well[- ]specified)",
        negatable=False,
    ),
    Cue(
        "wouldBeRewarded",
        False,
        rf"(?:correct|accurate|right|well[- ]specified) (?:{_REWARD}|specification|reward function)",
        negatable=False,
    ),
    # outsideSpecifiedDomain: the act leaves the domain the objective was written for
    Cue(
        "outsideSpecifiedDomain",
        True,
        r"(?:outside|beyond|far from) (?:\w+ ){0,2}(?:task|domain|scope|remit|purpose)",
    ),
    Cue("outsideSpecifiedDomain", True, r"(?:real|physical|wider|outside) world"),
    Cue(
        "outsideSpecifiedDomain",
        True,
        r"(?:kidnap\w*|abduct\w*|coerc\w*|seiz\w* (?:\w+ ){0,2}(?:control|power)|takeover|take over)",
    ),
    Cue(
        "outsideSpecifiedDomain",
        True,
        r"(?:never|not) (?:\w+ ){0,2}(?:meant|designed|written|intended) to (?:cover|handle|address)",
        negatable=False,
    ),
    Cue(
        "outsideSpecifiedDomain",
        False,
        r"(?:within|inside|in) (?:the |its |their )?(?:same )?(?:task|domain|game|environment|simulation|level|maze|arena)s?",
    ),
    # distributionShift: the failure appeared only after training situations changed
    Cue(
        "distributionShift",
        True,
        r"(?:after|at|on|upon|during|in) (?:\w+ )?(?:deployment|test(?:ing)? time|evaluation|testing)",
    ),
    Cue("distributionShift", True, rf"{_SHIFTED} (?:\w+ ){{0,2}}{_SETTING}"),
    Cue(
        "distributionShift",
        True,
        r"(?:when|once|after) (?:\w+ ){0,3}(?:deployed|released|moved|changed|shifted|relocated|randomi[sz]ed)",
    ),
    Cue("distributionShift", True, r"distribution(?:al)? shift|out[- ]of[- ]distribution"),
    Cue("distributionShift", True, r"no longer|broke the (?:correlation|link|pattern)|came apart"),
    Cue(
        "distributionShift",
        True,
        r"test (?:mazes?|levels?|environments?|episodes?|set|games?|worlds?)|transferr\w* (?:\w+ ){0,3}(?:to|onto)|placed (?:\w+ ){0,2}(?:elsewhere|at random|randomly)",
    ),
    Cue(
        "distributionShift",
        False,
        rf"(?:right there|already|itself) {_TRAINING}|{_TRAINING} itself",
        negatable=False,
    ),
    Cue(
        "distributionShift",
        False,
        r"(?:same|training) (?:environment|levels?|tasks?|game) (?:it was|they were) trained (?:on|in)",
    ),
    Cue(
        "distributionShift",
        False,
        r"(?:same|very|ordinary|usual|normal) (?:\w+ ){0,2}(?:game|simulator|simulation|arena|environment|world|room|prompts|levels?|training|tasks?|setting|distribution)",
    ),
    Cue(
        "distributionShift",
        False,
        r"(?:no|without (?:any )?)(?: \w+)? (?:change|shift) (?:of|in) (?:\w+ )?(?:setting|environment|distribution|situation)",
        negatable=False,
    ),
    # pursuesOtherGoal: competent pursuit of an unintended end, not breakdown
    Cue(
        "pursuesOtherGoal",
        True,
        r"(?:competent\w*|skil+ful\w*|capabl\w*|efficient\w*|reliabl\w*|deliberate\w*|purposeful\w*|methodical\w*)",
    ),
    Cue(
        "pursuesOtherGoal",
        True,
        r"(?:pursu|chas|seek|sought|head\w* (?:straight )?(?:for|to)|went (?:straight )?(?:for|to)|navigat|steer)\w*",
    ),
    Cue("pursuesOtherGoal", True, r"(?:instead of|rather than)"),
    Cue("pursuesOtherGoal", True, r"(?:learn\w*|found|discover\w*) (?:\w+ ){0,2}(?:to|a way|how)"),
    Cue(
        "pursuesOtherGoal",
        True,
        r"(?:kept|keeps|went on|carried on|continued) (?:\w+ ){0,2}(?:\w+ing)",
    ),
    Cue(
        "pursuesOtherGoal",
        False,
        r"(?:crash\w*|fell over|falls over|stumbl\w*|flail\w*|random(?:ly)?|aimless\w*|erratic\w*|collaps\w*|froze|freez\w*|gets? stuck|got stuck|stuck)",
    ),
    Cue(
        "pursuesOtherGoal",
        False,
        r"(?:misclassif\w*|mislabel\w*|(?:fail\w*|unable) to (?:walk|move|stand|recogni[sz]e|act|cope|function|generali[sz]e))",
    ),
    Cue(
        "pursuesOtherGoal",
        False,
        r"(?:incompeten\w*|broke down|breaks down|simply (?:fails|failed|breaks))",
    ),
    # learnedOptimizer: the trained system itself searches/plans towards an objective
    Cue(
        "learnedOptimizer",
        True,
        r"(?:search\w*|plan\w*|reason\w*) (?:\w+ ){0,2}(?:over|through|towards?|ahead|about how)",
    ),
    Cue(
        "learnedOptimizer",
        True,
        r"(?:internal(?:ly)?|own) (?:\w+ )?(?:search|planning|objective|goals?|aims?|agenda)",
    ),
    Cue(
        "learnedOptimizer",
        True,
        r"(?:is|was|becomes|became) (?:itself )?an optimi[sz]er|(?:learned|inner) optimi[sz]\w*",
    ),
    Cue(
        "learnedOptimizer",
        False,
        r"(?:simple|reactive|shallow|reflexive) (?:\w+ )?(?:policy|heuristics?|rules?|reflexes?)",
        negatable=False,
    ),
    Cue(
        "learnedOptimizer",
        False,
        r"(?:no|without) (?:\w+ )?(?:search|planning|lookahead)",
        negatable=False,
    ),
    # deceptive: good behaviour while watched, different when it can get away with it
    Cue(
        "deceptive",
        True,
        r"(?:pretend\w*|feign\w*|fak(?:e|ed|ing) (?:\w+ )?(?:alignment|compliance|cooperation)|hid\w* (?:its|their) (?:\w+ )?(?:goals?|intentions?|plans?)|conceal\w*|deceiv\w*|decepti\w*|treacher\w*|lull\w*)",
    ),
    Cue(
        "deceptive",
        True,
        r"(?:while|when|as long as) (?:\w+ ){0,3}(?:watched|observed|monitored|overseen|tested|inspected|under (?:oversight|observation))",
    ),
    Cue(
        "deceptive",
        True,
        r"(?:get away with|bid\w* (?:its|their) time|until (?:\w+ ){0,3}(?:could|can|was able|were able|had the chance|was strong))",
    ),
    Cue(
        "deceptive",
        True,
        r"(?:behav\w*|act\w*|play\w*) (?:\w+ ){0,2}(?:nice|well|along|cooperatively|safe\w*) (?:\w+ ){0,3}(?:until|while|only)",
    ),
    Cue(
        "deceptive",
        False,
        r"(?:openly|in plain (?:sight|view)|visibly|out in the open|for all to see)",
        negatable=False,
    ),
    # narrowSystem: built for one task
    Cue(
        "narrowSystem",
        True,
        r"(?:narrow|single[- ]task|one (?:specific |narrow )?task|specific task|special[- ]purpose)",
    ),
    Cue(
        "narrowSystem",
        True,
        r"(?:game|atari|gridworld|grid world|maze|video game|simulat\w*|robot(?:ic)? arm|classifier|board game|racing|platformer|arena)",
    ),
    Cue(
        "narrowSystem",
        False,
        r"(?:general[- ]purpose|generally capable|broadly capable|general intelligence|agi|assistant|chatbot|language model|llm|any task|wide range of tasks)",
        negatable=False,
    ),
    Cue("narrowSystem", False, r"(?:human beings|humans|our species|evolution)", negatable=False),
    # oversightWouldCatch: overseers would have flagged the act had they seen it
    Cue(
        "oversightWouldCatch",
        True,
        rf"{_WATCHER} (?:\w+ ){{0,3}}would (?:have )?(?:\w+ )?(?:noticed|caught|flagged|objected|spotted|seen|rejected|recogni[sz]ed)",
    ),
    Cue(
        "oversightWouldCatch",
        True,
        r"(?:obvious(?:ly)?|plainly|clearly|blatantly) (?:\w+ )?(?:wrong|bad|unacceptable|undesirable|unwanted|harmful)",
    ),
    Cue(
        "oversightWouldCatch",
        True,
        r"(?:anyone|any observer|anybody) (?:\w+ ){0,2}(?:watching|looking)|easy to (?:spot|notice|see)",
    ),
    Cue(
        "oversightWouldCatch",
        True,
        r"(?:flagg?\w*|noticed|spotted|objected to|caught (?:it|this|them|the)|checking|checked)",
    ),
    Cue(
        "oversightWouldCatch",
        False,
        r"(?:only|sole|single) (?:\w+ ){0,2}(?:check|judge|signal|measure|overseer|oversight|scoring|thing (?:checked|measured))",
        negatable=False,
    ),
    Cue(
        "oversightWouldCatch",
        False,
        rf"(?:no one|nobody|no human|no overseer|none of the {_WATCHER}) (?:\w+ ){{0,2}}(?:watching|checking|looking|noticed|saw|checked)",
        negatable=False,
    ),
    Cue(
        "oversightWouldCatch",
        False,
        r"(?:only|solely|just|purely) (?:\w+ ){0,2}(?:score|reward|metric|points|automat\w*|test(?:s)?|numbers?)",
    ),
    Cue(
        "oversightWouldCatch",
        False,
        r"(?:automatic|automated|programmatic|scripted) (?:\w+ )?(?:reward|scor\w*|metric|grader|check\w*|evaluat\w*|tests?)",
    ),
    Cue(
        "oversightWouldCatch",
        False,
        rf"(?:fool\w*|mislead\w*|misled|trick\w*|deceiv\w*|convinc\w*) (?:\w+ ){{0,2}}(?:{_WATCHER}|camera|evaluator|checker)",
    ),
    Cue(
        "oversightWouldCatch",
        False,
        r"hard to (?:notice|spot|detect|see)|(?:looked|seemed|appeared) (?:\w+ )?(?:correct|right|good|fine|convincing|plausible)",
    ),
)
