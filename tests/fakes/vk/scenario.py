"""What tests make happen on the fake VK directly (not over HTTP): people and their comments.

Every change a real VK would report emits the matching event (`wall_reply_new`, `_edit`,
`_delete`, `_restore`; `photo_comment_*`, `video_comment_*`, `market_comment_*`,
`board_post_*` for comments under other kinds of `Post`), which Long Poll serves and the
Callback pusher sends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.fakes.vk.errors import FakeVKError
from tests.fakes.vk.events import EventLog, event_type, family_delete_object
from tests.fakes.vk.tokens import Token, TokenKind
from tests.fakes.vk.world import Comment, Community, Post, User

if TYPE_CHECKING:
    from tests.fakes.vk.world import World


class Scenario:
    world: World
    tokens: dict[str, Token]
    post: Post  # the standard world's post (set by fixtures.populate)

    def log(self, group_id: int) -> EventLog:
        raise NotImplementedError

    def add_user(self, user_id: int, first_name: str = "Test", last_name: str = "User") -> User:
        user = User(user_id, first_name, last_name)
        self.world.users[user_id] = user
        return user

    def add_community(
        self, group_id: int, name: str = "Test community", confirmation_code: str = "a1b2c3d4"
    ) -> Community:
        community = Community(
            group_id, name, f"club{group_id}", confirmation_code=confirmation_code
        )
        self.world.communities[group_id] = community
        return community

    def add_admin(self, group_id: int, user_id: int, role: str = "administrator") -> None:
        self.world.communities[group_id].admins[user_id] = role

    def add_token(
        self, value: str, kind: TokenKind | str, owner_id: int, scopes: tuple[str, ...] = ()
    ) -> Token:
        token = Token(value, TokenKind(kind), owner_id, frozenset(scopes))
        self.tokens[value] = token
        return token

    def revoke_token(self, value: str) -> None:
        self.tokens[value].revoked = True

    def publish_post(self, group_id: int, text: str = "A post", kind: str = "wall") -> Post:
        """A wall post, or (`kind`) a photo, video, market item or board topic to comment on."""
        post = Post(-group_id, self.world.next_id(), text, self.world.clock.now(), kind)
        self.world.posts[(post.owner_id, post.id)] = post
        return post

    async def add_comment(
        self, owner_id: int, post_id: int, from_id: int, text: str, reply_to: int | None = None
    ) -> Comment:
        post = self.world.posts.get((owner_id, post_id))
        parents: list[int] = []
        reply_user = None
        if reply_to is not None:
            parent = self.world.comments.get((owner_id, reply_to))
            if parent is None or parent.deleted:
                raise FakeVKError(
                    100,
                    "One of the parameters specified was missing or "
                    "invalid: reply_to_comment is invalid",
                )
            # VK keeps threads two levels deep: a reply to a reply joins the top thread.
            parents = parent.parents_stack[:1] or [parent.id]
            reply_user = parent.from_id
        comment = Comment(
            owner_id,
            post_id,
            self.world.next_id(),
            from_id,
            text,
            self.world.clock.now(),
            parents,
            reply_to_comment=reply_to,
            reply_to_user=reply_user,
            kind=post.kind if post is not None else "wall",
        )
        self.world.comments[(owner_id, comment.id)] = comment
        if owner_id < 0:
            await self.log(-owner_id).emit(event_type(comment.kind, "new"), comment.event_object())
        return comment

    async def comment(
        self, user: int, post: Post, text: str, reply_to: Comment | int | None = None
    ) -> Comment:
        """`user` writes `text` under `post` (optionally replying to a comment)."""
        reply_id = reply_to.id if isinstance(reply_to, Comment) else reply_to
        return await self.add_comment(post.owner_id, post.id, user, text, reply_id)

    async def edit_comment(self, comment: Comment, text: str) -> None:
        comment.text = text
        await self.log(-comment.owner_id).emit(
            event_type(comment.kind, "edit"), comment.event_object()
        )

    async def delete_by_user(self, comment: Comment, deleter: int | None = None) -> None:
        """The author (or `deleter`, e.g. a human moderator in VK's UI) deletes the comment."""
        comment.deleted_at = self.world.clock.now()
        await self.log(-comment.owner_id).emit(
            event_type(comment.kind, "delete"),
            family_delete_object(
                comment.kind,
                comment.owner_id,
                comment.id,
                comment.post_id,
                deleter or comment.from_id,
            ),
        )

    def comment_state(self, owner_id: int, comment_id: int) -> Comment:
        return self.world.comments[(owner_id, comment_id)]
