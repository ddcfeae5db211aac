import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { useDraft } from '../useDraft'

describe('useDraft', () => {
  beforeEach(() => sessionStorage.clear())

  it('keeps the draft per room in this tab across a reload, and nothing once it is sent', async () => {
    const draft = useDraft('r1')
    expect(draft.value).toBe('')
    draft.value = 'half a thought'
    await nextTick()
    // A reload: the same room in the same tab finds it; another room does not.
    expect(useDraft('r1').value).toBe('half a thought')
    expect(useDraft('r2').value).toBe('')

    draft.value = '' // sent
    await nextTick()
    expect(sessionStorage.getItem('chatty:draft:r1')).toBeNull()
    expect(useDraft('r1').value).toBe('')
  })
})
