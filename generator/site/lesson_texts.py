"""What a trainer says about each habit in one line, and a short exercise to practise it.

The lesson pages (`site.habit_pages`) print them; the rule's own `why` and `lesson` fields say
why the habit matters, these texts say what it is and how to try it.
"""

from __future__ import annotations

ONE_LINERS: dict[str, str] = {
    "thank_you": "Thank every customer yourself, soon after they buy, for choosing us.",
    "check_in": "A few weeks after a purchase, ask whether it lives up to what we promised.",
    "referral_thanks": "When a customer sends a friend our way, thank them for the trust.",
    "prospect_follow_up": "Keep in touch with a prospect, try after try, until they decide either way.",
    "stay_in_touch": "Never let a good customer go months without hearing from you.",
    "birthday": "Remember their birthday, by hand when you can.",
    "review": "Once a year, ask each customer how we are doing and what would make us better.",
    "appreciation": "Once a year, thank them with something chosen for them, asking nothing back.",
    "win_back": "When a customer stops buying, ask what changed and invite them back.",
    "notify": "When a customer's consultant changes, tell them before they find out by themselves.",
    "introduce": "When you take a customer over, introduce yourself and show you know their story.",
}
"""The habit in one line, for the top of its lesson page."""

EXERCISES: dict[str, str] = {
    "thank_you": "Take one example above and write the thank-you you would send, in at most three sentences and without a single offer. Read it aloud: would you be glad to receive it?",
    "check_in": "With a partner, play the call from one example above: one of you is a customer who is mildly disappointed but would never complain. Practise the question that lets them say so, and the offer to put it right.",
    "referral_thanks": "Write the thank-you for one example above in two sentences. Check it says nothing about what the friend bought: that is the friend's business.",
    "prospect_follow_up": "Write the four tries for one prospect from the examples: what useful new thing each one brings, and how the final one leaves the door open without pressure.",
    "stay_in_touch": "List the customers you spoke to last month. Mark those who have heard from you since, and for two who have not, write one useful thing you could tell them that is not a sales pitch.",
    "birthday": "Write a birthday card for one example above in your own hand: three lines, no offer, one detail only you would know about them.",
    "review": "Practise the review with a partner: ask for a rating from 1 to 5, then ask what would make it a 5, and listen for a full minute without defending anything.",
    "appreciation": "For three customers you know, choose a small gift from what they love (their interests, a remark they made) and write the one line of the card that says why you chose it.",
    "win_back": "Play the win-back call from one example above with a partner: ask what has changed and only listen. Afterwards, name one thing you heard that you could act on.",
    "notify": "Write the short notice for one example above as the manager would sign it: why the consultant changes, who takes over, and how to reach them.",
    "introduce": "Read one example's history on their customer card, then write your first message as the new consultant: who you are, one thing you already know about them, and how they would like to hear from you.",
    "": "Take one example above and say aloud, in your own words, what you would do and say. Then ask a colleague what they would change.",
}
"""A short exercise per habit; "" is for a habit without its own."""
